import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { ElMessage, ElMessageBox } from 'element-plus';
import { createAppI18n } from '../src/i18n.ts';
import { ApiError } from '../src/api/http.ts';
import { useCrudList, type CrudListOptions } from '../src/composables/useCrudList.ts';

interface Row {
  id: number;
  name: string;
  tags: string[];
}
type Form = { name: string; tags: string[] };

/** The composable in a component (it needs i18n), handed back to the test. */
function host(options: Partial<CrudListOptions<Row, Form>>) {
  let crud!: ReturnType<typeof useCrudList<Row, Form>>;
  const Host = defineComponent({
    setup() {
      crud = useCrudList<Row, Form>({
        blank: () => ({ name: '', tags: [] }),
        formOf: (row) => ({ name: row.name, tags: [...row.tags] }),
        submit: async () => undefined,
        nameOf: (row) => row.name,
        ...options,
      });
      return () => h('div');
    },
  });
  mount(Host, { global: { plugins: [createAppI18n('zh-CN')] } });
  return crud;
}

const ROWS: Row[] = [{ id: 1, name: '顺丰', tags: ['快'] }];

beforeEach(() => {
  vi.spyOn(ElMessage, 'success').mockImplementation(() => ({ close: () => undefined }) as never);
  vi.spyOn(ElMessage, 'error').mockImplementation(() => ({ close: () => undefined }) as never);
});
afterEach(() => vi.restoreAllMocks());

describe('useCrudList', () => {
  it('loads the list with a loading flag, and shows a failed load in words', async () => {
    let answer: (rows: Row[]) => void = () => undefined;
    const crud = host({ fetch: () => new Promise((resolve) => (answer = resolve)) });
    const loading = crud.load();
    expect(crud.loading.value).toBe(true);
    answer(ROWS);
    await loading;
    expect(crud.loading.value).toBe(false);
    expect(crud.items.value).toEqual(ROWS);

    const failing = host({ fetch: async () => Promise.reject(new ApiError(403, { title: '没有权限' })) });
    await failing.load();
    expect(ElMessage.error).toHaveBeenCalledWith('没有权限');
    expect(failing.loading.value).toBe(false);
  });

  it('edits a copy of the row, and opens a new one blank with the old errors gone', () => {
    const crud = host({});
    crud.openEdit(ROWS[0]!);
    expect(crud.dialog.value).toBe(true);
    expect(crud.editing.value).toBe(ROWS[0]);
    crud.form.tags.push('稳');
    expect(ROWS[0]!.tags).toEqual(['快']);
    crud.errors.value = { name: '太长' };
    crud.openCreate();
    expect(crud.editing.value).toBeNull();
    expect(crud.form).toEqual({ name: '', tags: [] });
    expect(crud.errors.value).toEqual({});
  });

  it('saves: closes, says so and reloads; an API problem puts its field errors by their inputs and its words in a message', async () => {
    const fetch = vi.fn(async () => ROWS);
    const submit = vi
      .fn<CrudListOptions<Row, Form>['submit']>()
      .mockRejectedValueOnce(new ApiError(422, { title: '名称已存在', errors: [{ path: 'body.name', message: 'taken', title: '名称已存在' }] }))
      .mockResolvedValueOnce(undefined);
    const crud = host({ fetch, submit, savedMessage: () => '已保存' });
    crud.openEdit(ROWS[0]!);
    crud.form.name = '顺丰速运';
    await crud.save();
    expect(submit).toHaveBeenLastCalledWith({ name: '顺丰速运', tags: ['快'] }, ROWS[0]);
    expect(crud.errors.value).toEqual({ name: '名称已存在' });
    expect(ElMessage.error).toHaveBeenCalledWith('名称已存在');
    expect(crud.dialog.value).toBe(true);
    expect(fetch).not.toHaveBeenCalled();

    await crud.save();
    expect(crud.errors.value).toEqual({});
    expect(crud.dialog.value).toBe(false);
    expect(ElMessage.success).toHaveBeenCalledWith('已保存');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(crud.busy.value).toBe(false);
  });

  it('stops before the API when the form does not validate', async () => {
    const submit = vi.fn(async () => undefined);
    const crud = host({ submit, validate: (form) => (form.name ? null : { name: '必填' }) });
    crud.openCreate();
    await crud.save();
    expect(submit).not.toHaveBeenCalled();
    expect(crud.errors.value).toEqual({ name: '必填' });
  });

  it('deletes only once confirmed, naming the row, then reloads', async () => {
    const fetch = vi.fn(async () => ROWS);
    const remove = vi.fn(async () => ({ ok: true }));
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValueOnce('cancel').mockResolvedValueOnce('confirm' as never);
    const crud = host({ fetch, remove });
    await crud.remove(ROWS[0]!);
    expect(confirm).toHaveBeenLastCalledWith('删除「顺丰」?', { type: 'warning' });
    expect(remove).not.toHaveBeenCalled();
    await crud.remove(ROWS[0]!);
    expect(remove).toHaveBeenCalledWith(ROWS[0]);
    expect(ElMessage.success).toHaveBeenCalledWith('操作成功');
    expect(fetch).toHaveBeenCalledTimes(1);
    await flushPromises();
  });
});
