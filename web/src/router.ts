import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'
import { fetchMe } from './api'
import { hasRole, isLoggedIn, session } from './auth'
import type { Role } from './types'
import LoginView from './views/LoginView.vue'
import EnterpriseListView from './views/EnterpriseListView.vue'
import EnterpriseDetailView from './views/EnterpriseDetailView.vue'
import ForbiddenView from './views/ForbiddenView.vue'
import NotFoundView from './views/NotFoundView.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a key (the login page). */
    public?: boolean
    /** Roles that may open the page (and see it in the menu); absent: every signed-in role. */
    roles?: Role[]
  }
}

const ADMIN: Role[] = ['admin']
const ENTERPRISE: Role[] = ['enterprise']
const INSTITUTION: Role[] = ['institution']

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
    // Admin pages are loaded on demand: ECharts stays out of the bundle other roles load.
    {
      path: '/catalog',
      name: 'catalog',
      component: () => import('./views/CatalogView.vue'),
      meta: { roles: ADMIN },
    },
    {
      path: '/quality',
      name: 'quality',
      component: () => import('./views/QualityView.vue'),
      meta: { roles: ADMIN },
    },
    {
      path: '/credit/model',
      name: 'credit-model',
      component: () => import('./views/CreditModelView.vue'),
      meta: { roles: ADMIN },
    },
    {
      path: '/credit/runs',
      name: 'credit-runs',
      component: () => import('./views/CreditRunsView.vue'),
      meta: { roles: ADMIN },
    },
    {
      path: '/lab',
      component: () => import('./views/LabLayout.vue'),
      meta: { roles: ADMIN },
      redirect: '/lab/samples',
      children: [
        { path: 'samples', name: 'lab-samples', component: () => import('./views/LabSamplesView.vue') },
        { path: 'models', name: 'lab-models', component: () => import('./views/LabModelsView.vue') },
        {
          path: 'models/:id',
          name: 'lab-model',
          component: () => import('./views/LabModelDetailView.vue'),
          props: true,
        },
      ],
    },
    // The single export (唯一出口): the enterprise's own pages, the institution's, the operator's.
    { path: '/my/report', name: 'my-report', component: () => import('./views/MyReportView.vue'), meta: { roles: ENTERPRISE } },
    {
      path: '/my/authorizations',
      name: 'my-authorizations',
      component: () => import('./views/MyAuthorizationsView.vue'),
      meta: { roles: ENTERPRISE },
    },
    { path: '/my/accesses', name: 'my-accesses', component: () => import('./views/AccessHistoryView.vue'), meta: { roles: ENTERPRISE } },
    { path: '/my/ledger', name: 'my-ledger', component: () => import('./views/MyLedgerView.vue'), meta: { roles: ENTERPRISE } },
    { path: '/my/objections', name: 'my-objections', component: () => import('./views/MyObjectionsView.vue'), meta: { roles: ENTERPRISE } },
    { path: '/inbox', name: 'inbox', component: () => import('./views/InboxView.vue'), meta: { roles: ['enterprise', 'institution'] } },
    { path: '/query', name: 'query', component: () => import('./views/QueryView.vue'), meta: { roles: INSTITUTION } },
    { path: '/reports', name: 'reports', component: () => import('./views/ReportsView.vue'), meta: { roles: INSTITUTION } },
    { path: '/subscriptions', name: 'subscriptions', component: () => import('./views/SubscriptionsView.vue'), meta: { roles: INSTITUTION } },
    { path: '/objections', name: 'objections', component: () => import('./views/AdminObjectionsView.vue'), meta: { roles: ADMIN } },
    { path: '/institutions', name: 'institutions', component: () => import('./views/InstitutionsView.vue'), meta: { roles: ADMIN } },
    // Real-time use monitoring: the operator's dashboard and alerts; an institution's own usage.
    { path: '/monitor', name: 'monitor', component: () => import('./views/MonitorView.vue'), meta: { roles: ADMIN } },
    { path: '/my/usage', name: 'my-usage', component: () => import('./views/MyUsageView.vue'), meta: { roles: INSTITUTION } },
    // The financing marketplace: the enterprise's 融资服务, the lender's 机构中台, the operator's statistics.
    {
      path: '/finance',
      component: () => import('./views/FinanceLayout.vue'),
      meta: { roles: ENTERPRISE },
      redirect: '/finance/match',
      children: [
        { path: 'match', name: 'finance-match', component: () => import('./views/FinanceMatchView.vue') },
        { path: 'applications', name: 'finance-applications', component: () => import('./views/FinanceApplicationsView.vue') },
        { path: 'pledges', name: 'finance-pledges', component: () => import('./views/FinancePledgesView.vue') },
      ],
    },
    {
      path: '/lending',
      component: () => import('./views/LendingLayout.vue'),
      meta: { roles: INSTITUTION },
      redirect: '/lending/products',
      children: [
        { path: 'products', name: 'lending-products', component: () => import('./views/LendingProductsView.vue') },
        { path: 'leads', name: 'lending-leads', component: () => import('./views/LendingLeadsView.vue') },
        { path: 'applications', name: 'lending-applications', component: () => import('./views/LendingApplicationsView.vue') },
        { path: 'loans', name: 'lending-loans', component: () => import('./views/LendingLoansView.vue') },
        { path: 'pledges', name: 'lending-pledges', component: () => import('./views/LendingPledgesView.vue') },
      ],
    },
    { path: '/market/stats', name: 'market-stats', component: () => import('./views/MarketStatsView.vue'), meta: { roles: ADMIN } },
    // Policies: the enterprise's navigation map (政策导航), the operator's files and matching (政策找人).
    { path: '/policies', name: 'policies', component: () => import('./views/PoliciesView.vue'), meta: { roles: ENTERPRISE } },
    { path: '/admin/policies', name: 'admin-policies', component: () => import('./views/AdminPoliciesView.vue'), meta: { roles: ADMIN } },
    { path: '/admin/policy-stats', name: 'policy-stats', component: () => import('./views/AdminPolicyStatsView.vue'), meta: { roles: ADMIN } },
    // Public: whoever holds a report (a guarantor, a court) checks it without a key.
    { path: '/verify', name: 'verify', component: () => import('./views/VerifyView.vue'), meta: { public: true } },
    { path: '/forbidden', name: 'forbidden', component: ForbiddenView, props: (r) => ({ from: r.query.from }) },
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
  // Without a known identity (fetchMe failed for another reason) the page renders and
  // shows the server's answer; with one, a role outside the page's list is turned away.
  if (session.me && !hasRole(to.meta.roles)) {
    return { name: 'forbidden', query: { from: to.fullPath }, replace: true }
  }
  return true
})
