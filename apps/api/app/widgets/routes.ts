import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import widgetsConfig from '#config/widgets'

const WidgetConfigController = () => import('#widgets/widget_config_controller')
const WidgetFilesController = () => import('#widgets/widget_files_controller')

router.get('/v1/widget/config', [WidgetConfigController, 'show']).as('widget.config').use(middleware.widget())
router.get(`/widgets/${widgetsConfig.version}/*`, [WidgetFilesController, 'show']).as('widget.files')
