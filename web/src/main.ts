import { createApp } from 'vue'
import App from './App.vue'
import { installElementPlus } from './element'
import { i18n, applyDocumentLocale } from './i18n'
import { router } from './router'
import { setUnauthorizedHandler } from './api'
import { resetMeta } from './meta'
import './styles.css'

const app = createApp(App)
installElementPlus(app)
app.use(i18n)
app.use(router)

// Any 401 from the API: the session is already cleared; go back to the login page.
setUnauthorizedHandler(() => {
  resetMeta()
  const current = router.currentRoute.value
  // During the very first navigation the route guard handles the redirect itself.
  if (current.matched.length > 0 && current.name !== 'login') {
    void router.replace({
      name: 'login',
      query: { expired: '1', redirect: current.fullPath },
    })
  }
})

applyDocumentLocale()
app.mount('#app')
