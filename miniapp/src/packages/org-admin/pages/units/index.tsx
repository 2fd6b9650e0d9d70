import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Button, Input, Popup } from '@nutui/nutui-react-taro'
import { ArrowRight, Plus, Store } from '@nutui/icons-react-taro'
import { orgUnitsApi, type AdminUnit, type EndpointBody } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, FormRow, PickerValue } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { ReasonDialog, type ReasonAsk } from '../../../../components/ReasonDialog'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { OrgNav } from '../../components/OrgNav'
import { orgFieldErrors } from '../../lib/errors'
import { peoplePage } from '../../lib/nav'
import { treeLabel, unitAndBelow, unitTree } from '../../lib/units'
import '../../components/ui.scss'
import './index.scss'

interface UnitDraft {
  name: string
  shortName: string
  parentId: number | null
  creditCode: string
  reason: string
}

const NEW_UNIT: UnitDraft = { name: '', shortName: '', parentId: null, creditCode: '', reason: '' }
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/

/** 单位管理 (admin): the unit tree with its staff counts; add, rename, move, stop or restart a unit. */
export default function UnitsPage() {
  const { state, reload, data } = useResource(() => request(orgUnitsApi.list).then(({ items }) => items))
  const actions = useActionDialog()
  const [ask, setAsk] = useState<ReasonAsk | null>(null)
  /** the unit being edited; null with a draft: a new unit */
  const [editing, setEditing] = useState<{ unit: AdminUnit | null; draft: UnitDraft } | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)

  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })

  const units = data ?? []
  const open = (unit: AdminUnit | null) => {
    setErrors({})
    setEditing({ unit, draft: unit ? { name: unit.name, shortName: unit.shortName ?? '', parentId: unit.parentId, creditCode: unit.creditCode ?? '', reason: '' } : NEW_UNIT })
  }
  const edit = (change: Partial<UnitDraft>, field: keyof UnitDraft) => {
    setEditing((e) => (e ? { ...e, draft: { ...e.draft, ...change } } : e))
    setErrors(({ [field]: _, ...rest }) => rest)
  }

  const save = async () => {
    if (!editing || busy) return
    const { unit, draft } = editing
    const creditCode = draft.creditCode.trim().toUpperCase()
    const problems: Record<string, string> = {}
    if (!draft.name.trim()) problems.name = '请填写单位名称'
    if (creditCode && !CREDIT_CODE.test(creditCode)) problems.creditCode = '统一社会信用代码应为 18 位数字或大写字母'
    setErrors(problems)
    if (Object.keys(problems).length) return
    setBusy(true)
    try {
      if (!unit) {
        await request(orgUnitsApi.create, {
          body: { name: draft.name.trim(), shortName: draft.shortName.trim() || undefined, parentId: draft.parentId ?? undefined, creditCode: creditCode || undefined },
        })
        toast('已新增单位', 'success')
      } else {
        const body: EndpointBody<typeof orgUnitsApi.update> = {}
        if (draft.name.trim() !== unit.name) body.name = draft.name.trim()
        if (draft.shortName.trim() !== (unit.shortName ?? '')) body.shortName = draft.shortName.trim() || null
        if (draft.parentId !== unit.parentId) body.parentId = draft.parentId
        if (creditCode !== (unit.creditCode ?? '')) body.creditCode = creditCode || null
        if (!Object.keys(body).length) {
          setEditing(null)
          return
        }
        if (draft.reason.trim()) body.reason = draft.reason.trim()
        await request(orgUnitsApi.update, { params: { id: unit.id }, body })
        toast('已保存', 'success')
      }
      setEditing(null)
      void reload()
    } catch (e) {
      const error = asApiError(e)
      // an inactive or missing parent is about the 上级单位 row
      const fields = orgFieldErrors(error, ['name', 'shortName', 'parentId', 'creditCode', 'reason'], { unitId: 'parentId' })
      if (Object.keys(fields).length) setErrors(fields)
      else actions.fail(error, { title: unit ? '未能保存' : '未能新增单位' })
    } finally {
      setBusy(false)
    }
  }

  /** 停用 / 启用, with a reason (it goes into the log). */
  const switchActive = (unit: AdminUnit) => {
    const stopping = unit.active
    setEditing(null)
    setAsk({
      title: `${stopping ? '停用' : '启用'}「${unit.name}」？`,
      message: stopping
        ? unit.staffCount > 0
          ? `该单位有 ${unit.staffCount} 名在岗人员。停用后不能再选为新人员的单位，历史记录保留。`
          : '停用后不能再选为新人员的单位，历史记录保留。'
        : '启用后可以再为该单位添加人员。',
      placeholder: stopping ? '停用原因，如 机构改革撤并' : '启用原因',
      confirmText: stopping ? '停用' : '启用',
      danger: stopping,
      onConfirm: async (reason) => {
        try {
          await request(orgUnitsApi.update, { params: { id: unit.id }, body: { active: !stopping, reason } })
          toast(stopping ? '已停用' : '已启用', 'success')
          void reload()
        } catch (e) {
          throw asApiError(e).message
        }
      },
    })
  }

  /** A unit made by mistake: deleted (the server refuses one with people, money or records: 停用 instead). */
  const remove = (unit: AdminUnit) => {
    setEditing(null)
    actions.show({
      title: `删除「${unit.name}」？`,
      message: '仅用于删除误建的单位。已有人员、资金或业务记录的单位不能删除，请改为停用。',
      choices: [
        {
          text: '删除',
          danger: true,
          onClick: () =>
            void request(orgUnitsApi.remove, { params: { id: unit.id } }).then(
              () => {
                toast('已删除', 'success')
                void reload()
              },
              (e: unknown) => actions.fail(e, { title: '不能删除' }),
            ),
        },
      ],
      cancelText: '取消',
    })
  }

  // a unit cannot move under itself or anything below it
  const parentChoices = (() => {
    const target = editing?.unit
    const barred = target ? unitAndBelow(units, target.id) : new Set<number>()
    return unitTree(units).filter(({ unit }) => !barred.has(unit.id) && (unit.active || unit.id === editing?.draft.parentId))
  })()
  const parentIndex = parentChoices.findIndex(({ unit }) => unit.id === editing?.draft.parentId)

  return (
    <Page className='oa-units'>
      <OrgNav current='units' />
      <PageGate state={state} needs={['admin']} icon={<Store size={48} color={GREY_ICON} />} onRetry={() => void reload()}>
        {(items) => {
          const tree = unitTree(items)
          const active = items.filter((u) => u.active)
          return (
            <>
              <View className='oa-head'>
                <Text className='oa-head__title'>
                  单位 · {active.length}
                  {items.length > active.length ? `（另 ${items.length - active.length} 个已停用）` : ''}
                </Text>
                <Button size='small' type='primary' fill='outline' icon={<Plus size={12} />} onClick={() => open(null)}>
                  新增单位
                </Button>
              </View>
              <Card>
                {tree.length === 0 && <View className='vf-empty-line'>还没有单位</View>}
                {tree.map(({ unit, depth }) => (
                  <View key={unit.id} className={`oa-item oa-unit oa-unit--depth-${Math.min(depth, 6)} ${unit.active ? '' : 'oa-item--off'}`} onClick={() => open(unit)}>
                    <View className='oa-item__top'>
                      {depth > 0 && <Text className='oa-unit__branch'>└</Text>}
                      <Text className='oa-item__title'>{unit.name}</Text>
                      {!unit.active && (
                        <Pill tone='gray' className='oa-item__pill'>
                          已停用
                        </Pill>
                      )}
                      <Text className='oa-item__side'>{unit.staffCount} 人</Text>
                      <ArrowRight size={12} color='#c0c4cc' className='oa-unit__arrow' />
                    </View>
                    {(unit.shortName || unit.creditCode) && (
                      <View className={`oa-item__muted ${depth > 0 ? 'oa-unit__sub' : ''}`}>
                        {[unit.shortName && `简称 ${unit.shortName}`, unit.creditCode].filter(Boolean).join(' · ')}
                      </View>
                    )}
                  </View>
                ))}
              </Card>
            </>
          )
        }}
      </PageGate>

      <Popup visible={!!editing} position='bottom' round closeable title={editing?.unit ? '编辑单位' : '新增单位'} onClose={() => !busy && setEditing(null)}>
        {editing && (
          <View className='oa-sheet'>
            <FormRow label='单位名称' required error={errors.name}>
              <Input align='right' value={editing.draft.name} maxLength={100} placeholder='如 市审计局' onChange={(name) => edit({ name }, 'name')} />
            </FormRow>
            <FormRow label='简称' error={errors.shortName}>
              <Input align='right' value={editing.draft.shortName} maxLength={50} placeholder='选填' onChange={(shortName) => edit({ shortName }, 'shortName')} />
            </FormRow>
            <FormRow label='上级单位' error={errors.parentId}>
              <PickerValue
                mode='selector'
                range={['无（顶级单位）', ...parentChoices.map(treeLabel)]}
                value={parentIndex + 1}
                text={parentIndex >= 0 ? parentChoices[parentIndex].unit.name : '无（顶级单位）'}
                onChange={(i) => edit({ parentId: i === 0 ? null : (parentChoices[i - 1]?.unit.id ?? null) }, 'parentId')}
              />
            </FormRow>
            <FormRow label='信用代码' hint='统一社会信用代码，选填' error={errors.creditCode} last={!editing.unit}>
              <Input align='right' value={editing.draft.creditCode} maxLength={18} placeholder='18 位' onChange={(creditCode) => edit({ creditCode }, 'creditCode')} />
            </FormRow>
            {editing.unit && (
              <FormRow label='修改原因' last error={errors.reason}>
                <Input align='right' value={editing.draft.reason} maxLength={200} placeholder='选填，记入留痕' onChange={(reason) => edit({ reason }, 'reason')} />
              </FormRow>
            )}
            {Object.keys(errors).length > 0 && <View className='oa-error'>请按上方红字修改后再提交</View>}
            <View className='oa-actions'>
              <Button type='primary' size='large' block loading={busy} onClick={() => void save()}>
                {editing.unit ? '保存' : '新增'}
              </Button>
              {editing.unit && (
                <>
                  <Button type='primary' fill='outline' block onClick={() => editing.unit && void Taro.navigateTo({ url: peoplePage(editing.unit.id) })}>
                    查看人员（{editing.unit.staffCount} 人）
                  </Button>
                  <Button type={editing.unit.active ? 'danger' : 'primary'} fill='outline' block onClick={() => editing.unit && switchActive(editing.unit)}>
                    {editing.unit.active ? '停用单位' : '启用单位'}
                  </Button>
                  {editing.unit.staffCount === 0 && !units.some((u) => u.parentId === editing.unit?.id) && (
                    <View className='oa-units__delete' onClick={() => editing.unit && remove(editing.unit)}>
                      删除误建的单位
                    </View>
                  )}
                </>
              )}
            </View>
          </View>
        )}
      </Popup>
      <ReasonDialog ask={ask} onClose={() => setAsk(null)} />
      {actions.node}
    </Page>
  )
}
