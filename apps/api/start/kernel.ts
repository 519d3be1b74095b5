import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#exceptions/handler'))

/* Runs on every request, matched or not. */
server.use([
  () => import('#shared/access_log_middleware'),
  () => import('#shared/security_headers_middleware'),
  () => import('#widgets/widget_preflight_middleware'),
])

/* Runs on every request with a matching route. */
router.use([
  () => import('#shared/require_json_middleware'),
  () => import('@adonisjs/core/bodyparser_middleware'),
  () => import('@adonisjs/auth/initialize_auth_middleware'),
])

export const middleware = router.named({
  widget: () => import('#tenancy/widget_key_middleware'),
  admin: () => import('#tenancy/admin_auth_middleware'),
  member: () => import('#members/member_auth_middleware'),
})
