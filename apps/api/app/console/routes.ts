import router from '@adonisjs/core/services/router'

const ConsoleFilesController = () => import('#console/console_files_controller')

router.get('/console', [ConsoleFilesController, 'show']).as('console.index')
router.get('/console/*', [ConsoleFilesController, 'show']).as('console.files')
