import type { StorybookConfig } from '@storybook/web-components-vite'

const config: StorybookConfig = {
  stories: ['../src/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true },
  // cornerstone with its decoders (worker and WebAssembly inlined) is one ~1.5 MB chunk by design, loaded
  // only when a viewer shows an image: not worth a warning.
  viteFinal: (vite) => ({ ...vite, build: { ...vite.build, chunkSizeWarningLimit: 2048 } }),
}

export default config
