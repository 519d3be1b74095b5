// Minimal typing for the parts of dcmjs the API tests use (dcmjs ships no type declarations).
declare module 'dcmjs' {
  const dcmjs: {
    data: {
      DicomDict: new (meta: Record<string, unknown>) => {
        dict: Record<string, unknown>
        write(options?: object): ArrayBuffer
      }
      DicomMessage: { readFile(buffer: ArrayBuffer, options?: object): { meta: unknown; dict: unknown } }
      DicomMetaDictionary: { naturalizeDataset(dict: unknown): unknown }
    }
  }
  export default dcmjs
}
