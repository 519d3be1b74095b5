// Bundle entry: elements/upload.js defines <tessera-upload>.
import '@tessera/upload-widget'
