import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { describeError } from './errors'

/**
 * The loading state of a view's data: `loading` while `load` runs; after a success `loaded` and
 * no `error`; after a failure `error` holds the failure in words (and the data stays as it was).
 * `load` passes its arguments to the task. With `clearError` the error goes as soon as a load
 * starts rather than when one succeeds. Call it in a component's setup.
 */
export function useLoad<Args extends unknown[]>(
  task: (...args: Args) => Promise<void>,
  options: { clearError?: boolean } = {},
) {
  const { t } = useI18n()
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)

  async function load(...args: Args): Promise<void> {
    loading.value = true
    if (options.clearError) error.value = null
    try {
      await task(...args)
      loaded.value = true
      error.value = null
    } catch (e) {
      error.value = describeError(e, t)
    } finally {
      loading.value = false
    }
  }

  return { loading, loaded, error, load }
}
