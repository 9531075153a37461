import { reactive, ref, shallowRef, type UnwrapRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage, ElMessageBox } from 'element-plus';
import { ApiError } from '../api/http.ts';
import { toFieldErrors, type FieldErrorMap } from '../utils/field-errors.ts';
import { showError, useApiAction } from './useApiAction.ts';

export interface CrudListOptions<Row, Form extends object> {
  /** The whole list (the composable holds it and its loading flag). Or give `reload` for a list kept elsewhere (a paged one). */
  fetch?: () => Promise<Row[]>;
  reload?: () => Promise<void>;
  /** The form of a new row, and of a row being edited (a copy: editing never touches the row). */
  blank: () => Form;
  formOf?: (row: Row) => Form;
  /** Problems found before asking the API (next to their inputs); empty or null: go on. */
  validate?: (form: Form, editing: Row | null) => FieldErrorMap | null;
  /** Creates (editing null) or updates the row from the form. */
  submit: (form: Form, editing: Row | null) => Promise<unknown>;
  /** The form field key a payload path's error is shown at (null: only in the message). */
  fieldKey?: (path: string) => string | null;
  /** Said when a save went through (nothing said when absent). */
  savedMessage?: () => string;
  /** Deletes a row once the staff member confirmed; `nameOf` names it in the question. */
  remove?: (row: Row) => Promise<unknown>;
  nameOf?: (row: Row) => string;
}

/**
 * The back office's list page with a create/edit dialog: the list and its reload, the dialog and
 * a copy of the row in the form, save with the API's field errors next to their inputs and its
 * problem in words, and delete after a confirmation. `run` is for a page's other actions.
 */
export function useCrudList<Row, Form extends object>(options: CrudListOptions<Row, Form>) {
  const { t } = useI18n();
  const items = shallowRef<Row[]>([]);
  const loading = ref(false);
  const action = useApiAction();
  const dialog = ref(false);
  const editing = shallowRef<Row | null>(null);
  const form = reactive(options.blank()) as UnwrapRef<Form>;
  const errors = ref<FieldErrorMap>({});

  async function load(): Promise<void> {
    if (options.reload) return options.reload();
    if (!options.fetch) return;
    loading.value = true;
    try {
      items.value = await options.fetch();
    } catch (error) {
      showError(error);
    } finally {
      loading.value = false;
    }
  }

  function open(row: Row | null): void {
    editing.value = row;
    errors.value = {};
    Object.assign(form as Form, row && options.formOf ? options.formOf(row) : options.blank());
    dialog.value = true;
  }

  async function save(): Promise<void> {
    const values = form as Form;
    const invalid = options.validate?.(values, editing.value);
    if (invalid && Object.keys(invalid).length > 0) {
      errors.value = invalid;
      return;
    }
    errors.value = {};
    action.busy.value = true;
    try {
      await options.submit(values, editing.value);
      if (options.savedMessage) ElMessage.success(options.savedMessage());
      dialog.value = false;
      await load();
    } catch (error) {
      if (error instanceof ApiError) errors.value = toFieldErrors(error.fieldErrors, options.fieldKey);
      showError(error);
    } finally {
      action.busy.value = false;
    }
  }

  /** Asks first (naming the row), then deletes and reloads. */
  async function remove(row: Row): Promise<void> {
    const removeRow = options.remove;
    if (!removeRow) return;
    try {
      await ElMessageBox.confirm(`${t('common.delete')}「${options.nameOf?.(row) ?? ''}」?`, { type: 'warning' });
    } catch {
      return;
    }
    await run(() => removeRow(row));
  }

  /** Runs another action on the list (enable, make default…), says it is done and reloads. */
  async function run(work: () => Promise<unknown>): Promise<boolean> {
    const done = await action.run(async () => {
      await work();
      return true;
    }, t('common.done'));
    if (!done) return false;
    await load();
    return true;
  }

  return { items, loading, load, dialog, editing, form, errors, busy: action.busy, action, open, openCreate: () => open(null), openEdit: (row: Row) => open(row), save, remove, run };
}
