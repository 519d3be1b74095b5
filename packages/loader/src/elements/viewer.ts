// Bundle entry: elements/viewer.js defines <tessera-viewer> (cornerstone is fetched by the element, on demand).
import '@tessera/viewer'
