import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'
import { fetchMe } from './api'
import { isLoggedIn, session } from './auth'
import LoginView from './views/LoginView.vue'
import EnterpriseListView from './views/EnterpriseListView.vue'
import EnterpriseDetailView from './views/EnterpriseDetailView.vue'
import NotFoundView from './views/NotFoundView.vue'

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/', redirect: '/enterprises' },
    { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
    { path: '/enterprises', name: 'enterprises', component: EnterpriseListView },
    {
      path: '/enterprises/:uscc',
      name: 'enterprise-detail',
      component: EnterpriseDetailView,
      props: true,
    },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundView },
  ],
  scrollBehavior(_to, _from, saved) {
    return saved || { top: 0 }
  },
})

/** Only same-app relative paths are accepted as post-login redirect targets. */
export function safeRedirect(value: unknown): string {
  if (
    typeof value === 'string' &&
    value.startsWith('/') &&
    !value.startsWith('//') &&
    !value.includes('\\') &&
    !value.startsWith('/login')
  ) {
    return value
  }
  return '/enterprises'
}

function loginRoute(to: RouteLocationNormalized, expired = false) {
  const query: Record<string, string> = {}
  if (to.fullPath !== '/' && to.fullPath !== '/enterprises') query.redirect = to.fullPath
  if (expired) query.expired = '1'
  return { name: 'login', query }
}

router.beforeEach(async (to) => {
  if (to.meta.public) {
    if (to.name === 'login' && isLoggedIn() && session.me) return safeRedirect(to.query.redirect)
    return true
  }
  if (!isLoggedIn()) return loginRoute(to)
  if (!session.me) {
    // Page reload: the key is in sessionStorage but the identity is not in memory yet.
    try {
      session.me = await fetchMe()
    } catch {
      // A 401 already cleared the session; any other failure still lets the page
      // render (it will show the error from its own API call).
      if (!isLoggedIn()) return loginRoute(to, true)
    }
  }
  return true
})
