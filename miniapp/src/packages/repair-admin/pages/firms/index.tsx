import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Button, Input, Popup } from '@nutui/nutui-react-taro'
import { Plus, Store } from '@nutui/icons-react-taro'
import { REPAIR_CATEGORIES, REPAIR_CATEGORY_LABELS, repairFirmsApi, type RepairCategory, type RepairFirm } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { FormRow } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { ReasonDialog, type ReasonAsk } from '../../../../components/ReasonDialog'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import { useSubmit } from '../../../../hooks/useSubmit'
import { RepairNav, useHasRole } from '../../components/RepairNav'
import { repairFieldErrors, without } from '../../lib/errors'
import '../../components/ui.scss'

interface Draft {
  name: string
  contactName: string
  /** empty when editing: the mobile stays as it is (the list only shows it masked) */
  contactMobile: string
  categories: RepairCategory[]
}
interface Sheet {
  firm: RepairFirm | null
  draft: Draft
  errors: Record<string, string>
}
const FIELDS = ['name', 'contactName', 'contactMobile', 'categories']
const MOBILE = /^1[3-9]\d{9}$/

function problemsOf(d: Draft, editing: boolean): Record<string, string> {
  const out: Record<string, string> = {}
  if (!d.name.trim()) out.name = '请填写单位名称'
  if (!d.contactName.trim()) out.contactName = '请填写联系人'
  if ((!editing || d.contactMobile.trim()) && !MOBILE.test(d.contactMobile.trim())) out.contactMobile = '请填写 11 位手机号'
  if (!d.categories.length) out.categories = '请至少选择一个维修类别'
  return out
}

/** 定点维修单位 (the centre edits; 报修调度员 reads): the firms the centre has contracts with, their 维修类别 and contact. */
export default function RepairFirmsPage() {
  const gate = useRoleGate(['repair_dispatcher', 'admin'], { icon: <Store size={48} color={GREY_ICON} /> })
  const isAdmin = useHasRole('admin')
  const list = useResource(() => request(repairFirmsApi.list), { enabled: !gate })
  const [sheet, setSheet] = useState<Sheet | null>(null)
  const [ask, setAsk] = useState<ReasonAsk | null>(null)
  const actions = useActionDialog()

  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh())
  })

  const save = useSubmit(({ id, draft }: { id: number | null; draft: Draft }) => {
    const body = { name: draft.name.trim(), contactName: draft.contactName.trim(), categories: draft.categories }
    const mobile = draft.contactMobile.trim()
    return id
      ? request(repairFirmsApi.update, { params: { id }, body: mobile ? { ...body, contactMobile: mobile } : body })
      : request(repairFirmsApi.create, { body: { ...body, contactMobile: mobile } })
  })

  const openNew = () => setSheet({ firm: null, draft: { name: '', contactName: '', contactMobile: '', categories: [] }, errors: {} })
  const openEdit = (f: RepairFirm) => setSheet({ firm: f, draft: { name: f.name, contactName: f.contactName, contactMobile: '', categories: f.categories }, errors: {} })
  const edit = (patch: Partial<Draft>, ...fields: string[]) => setSheet((s) => (s ? { ...s, draft: { ...s.draft, ...patch }, errors: without(s.errors, ...fields) } : s))

  const submit = async () => {
    if (!sheet || save.busy) return
    const problems = problemsOf(sheet.draft, !!sheet.firm)
    if (Object.keys(problems).length) return setSheet({ ...sheet, errors: problems })
    try {
      await save.submit({ id: sheet.firm?.id ?? null, draft: sheet.draft })
      toast(sheet.firm ? '已保存' : '已新增定点维修单位', 'success')
      setSheet(null)
      void list.reload()
    } catch (e) {
      const error = asApiError(e)
      const fields = repairFieldErrors(error, FIELDS)
      if (Object.keys(fields).length) setSheet((s) => (s ? { ...s, errors: fields } : s))
      else actions.fail(error, { title: '未能保存' })
    }
  }

  const askActive = (f: RepairFirm, active: boolean) =>
    setAsk({
      title: active ? `启用「${f.name}」` : `停用「${f.name}」`,
      message: active ? '启用后可以向该单位派单。' : '停用后不能再向该单位派单；已派出的工单不受影响，派单链接仍可使用。',
      placeholder: active ? '启用原因，如 续签合同' : '停用原因，如 合同到期',
      confirmText: active ? '启用' : '停用',
      danger: !active,
      onConfirm: async (reason) => {
        try {
          await request(repairFirmsApi.update, { params: { id: f.id }, body: { active, reason } })
        } catch (e) {
          throw asApiError(e).message
        }
        toast(active ? '已启用' : '已停用', 'success')
        void list.reload()
      },
    })

  if (gate) return <Page className='ra-firms'>{gate}</Page>

  return (
    <Page className='ra-firms'>
      <RepairNav current='firms' />
      {isAdmin && (
        <View className='ra-tools'>
          <Button type='primary' icon={<Plus size={14} color='#ffffff' />} onClick={openNew}>
            新增定点维修单位
          </Button>
        </View>
      )}
      <PageGate
        state={list.state}
        needs={['repair_dispatcher']}
        icon={<Store size={48} color={GREY_ICON} />}
        onRetry={() => void list.reload()}
        isEmpty={(data) => data.items.length === 0}
        empty={isAdmin ? { title: '还没有定点维修单位', description: '新增签约的维修单位后，调度员可以把工单派给它，单位凭短信链接免登录接单、完工', action: { text: '新增定点维修单位', onClick: openNew } } : { title: '还没有定点维修单位', description: '请联系机关事务管理中心管理员添加' }}
      >
        {(data) => (
          <>
            {data.items.map((f) => (
              <View key={f.id} className={`ra-item ${f.active ? '' : 'ra-item--off'}`}>
                <View className='ra-item__top'>
                  <Text className='ra-item__title'>{f.name}</Text>
                  <Pill tone={f.active ? 'green' : 'gray'} className='ra-item__pill'>
                    {f.active ? '启用中' : '已停用'}
                  </Pill>
                </View>
                <View className='ra-item__line'>{f.categories.map((c) => REPAIR_CATEGORY_LABELS[c]).join('、')}</View>
                <View className='ra-item__muted'>
                  联系人 {f.contactName} · {f.contactMobile}
                </View>
                {isAdmin && (
                  <View className='ra-actions'>
                    <View className='ra-action ra-action--blue' onClick={() => openEdit(f)}>
                      编辑
                    </View>
                    <View className={`ra-action ${f.active ? 'ra-action--red' : 'ra-action--blue'}`} onClick={() => askActive(f, !f.active)}>
                      {f.active ? '停用' : '启用'}
                    </View>
                  </View>
                )}
              </View>
            ))}
            <View className='ra-bottom-space' />
          </>
        )}
      </PageGate>

      <Popup visible={!!sheet} position='bottom' round closeable title={sheet?.firm ? '修改定点维修单位' : '新增定点维修单位'} onClose={() => !save.busy && setSheet(null)}>
        {sheet && (
          <View className='ra-sheet'>
            <FormRow label='单位名称' required error={sheet.errors.name}>
              <Input align='right' value={sheet.draft.name} maxLength={50} placeholder='如 舟山市安居物业维修部' onChange={(name) => edit({ name }, 'name')} />
            </FormRow>
            <FormRow label='联系人' required error={sheet.errors.contactName}>
              <Input align='right' value={sheet.draft.contactName} maxLength={20} placeholder='姓名' onChange={(contactName) => edit({ contactName }, 'contactName')} />
            </FormRow>
            <FormRow label='手机号' required={!sheet.firm} error={sheet.errors.contactMobile} hint={sheet.firm ? `现为 ${sheet.firm.contactMobile}，不修改请留空` : '派单短信发到这个号码'}>
              <Input align='right' type='number' value={sheet.draft.contactMobile} maxLength={11} placeholder={sheet.firm ? '不修改请留空' : '11 位手机号'} onChange={(v) => edit({ contactMobile: v.replace(/\D/g, '') }, 'contactMobile')} />
            </FormRow>
            <FormRow label='维修类别' required stacked last error={sheet.errors.categories}>
              <View className='vf-chips ra-multi'>
                {REPAIR_CATEGORIES.map((c) => {
                  const on = sheet.draft.categories.includes(c)
                  return (
                    <View key={c} className={`vf-chip ${on ? 'vf-chip--on' : ''}`} onClick={() => edit({ categories: on ? sheet.draft.categories.filter((x) => x !== c) : [...sheet.draft.categories, c] }, 'categories')}>
                      {on ? '✓ ' : ''}
                      {REPAIR_CATEGORY_LABELS[c]}
                    </View>
                  )
                })}
              </View>
            </FormRow>
            <View className='ra-sheet__save'>
              <Button type='primary' size='large' block loading={save.busy} onClick={() => void submit()}>
                {sheet.firm ? '保存' : '新增'}
              </Button>
            </View>
          </View>
        )}
      </Popup>
      <ReasonDialog ask={ask} onClose={() => setAsk(null)} />
      {actions.node}
    </Page>
  )
}
