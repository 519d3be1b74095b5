// Vite's import.meta.glob, used by the purity test to read the package sources without Node APIs.
interface ImportMeta {
  glob<T = unknown>(
    pattern: string | readonly string[],
    options: { readonly query?: string; readonly import?: string; readonly eager: true }
  ): Record<string, T>
}
