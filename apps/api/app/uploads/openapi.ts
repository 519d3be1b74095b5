import { operation, type PathItems } from '#shared/openapi_operation'

const upload = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    contentType: { enum: ['application/dicom', 'image/png', 'image/jpeg'] },
    size: { type: ['integer', 'null'] },
    status: { enum: ['receiving', 'stored', 'purged'] },
    uploadedAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
    secondsLeft: { type: 'integer' },
  },
}

const paths: PathItems = {
  '/v1/widget/me/uploads': {
    post: operation({
      summary: 'Upload an image (needs the imaging consent; encrypted; deleted after the retention period)',
      tag: 'uploads',
      security: 'publishable',
      body: { raw: ['application/dicom', 'image/png', 'image/jpeg'] },
      responses: {
        '201': { description: 'Stored', schema: upload },
        '409': { description: 'No imaging consent, or processing restricted' },
      },
    }),
    get: operation({
      summary: "The member's images with their deletion countdown",
      tag: 'uploads',
      security: 'publishable',
      responses: { '200': { description: 'Uploads', schema: { type: 'object' } } },
    }),
  },
  '/v1/widget/me/uploads/{id}/content': {
    get: operation({
      summary: 'The image, decrypted for its member only (no-store)',
      tag: 'uploads',
      security: 'publishable',
      params: ['id'],
      responses: {
        '200': {
          description: 'Image bytes',
          schema: { type: 'string', format: 'binary' },
          contentType: 'application/octet-stream',
        },
        '410': { description: 'Already deleted' },
      },
    }),
  },
  '/v1/widget/me/uploads/{id}': {
    delete: operation({
      summary: 'Delete an image now',
      tag: 'uploads',
      security: 'publishable',
      params: ['id'],
      responses: { '204': { description: 'Deleted' } },
    }),
  },
}

export default paths
