import router from '@adonisjs/core/services/router'

const HealthController = () => import('#health/health_controller')
const OpenApiController = () => import('#shared/openapi_controller')

router.get('/health', [HealthController, 'show']).as('health')
router.get('/v1/openapi.json', [OpenApiController, 'show']).as('openapi')
