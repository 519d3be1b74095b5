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

const tusHeaders = 'Tus-Resumable: 1.0.0; see https://tus.io/protocols/resumable-upload'

const paths: PathItems = {
  '/v1/admin/uploads/{id}/content': {
    get: operation({
      summary: "A member's image for staff: needs a stated reason, always audited (no-store)",
      tag: 'uploads',
      security: 'admin',
      params: ['id'],
      query: { reason: { type: 'string', minLength: 5 } },
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
  '/v1/widget/me/tus': {
    post: operation({
      summary: `Start a resumable upload (tus creation; Upload-Length, Upload-Metadata filetype). ${tusHeaders}`,
      tag: 'uploads',
      security: 'publishable',
      responses: { '201': { description: 'Created; Location is the upload URL' } },
    }),
  },
  '/v1/widget/me/tus/{id}': {
    patch: operation({
      summary:
        'Send the next chunk (Upload-Offset, application/offset+octet-stream); the last one stores the image',
      tag: 'uploads',
      security: 'publishable',
      params: ['id'],
      body: { raw: ['application/offset+octet-stream'] },
      responses: { '204': { description: 'Chunk received; Tessera-Upload-Id when complete' } },
    }),
    delete: operation({
      summary: 'Abandon a resumable upload',
      tag: 'uploads',
      security: 'publishable',
      params: ['id'],
      responses: { '204': { description: 'Removed' } },
    }),
  },
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
