import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Button, Input, Popup } from '@nutui/nutui-react-taro'
import { ArrowRight, Plus, Search, User } from '@nutui/icons-react-taro'
import { GRANTABLE_ROLES, isValidMobile, normaliseMobile, orgPeopleApi, orgUnitsApi, ROLE_LABELS, UNIT_ADMIN_GRANTABLE, type AdminUser, type Role } from '@egj/shared'
import { asApiError, errorMessage, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, FormRow, PickerValue } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useMe } from '../../../../store/session'
import { OrgNav } from '../../components/OrgNav'
import { EMPTY_PERSON, PersonFields, type PersonDraft } from '../../components/PersonFields'
import { RoleChecklist } from '../../components/RoleChecklist'
import { orgFieldErrors } from '../../lib/errors'
import { personPage } from '../../lib/nav'
import { treeLabel, unitTree } from '../../lib/units'
import '../../components/ui.scss'
import './index.scss'

type Status = 'active' | 'disabled' | 'all'
const STATUSES: { value: Status; label: string }[] = [
  { value: 'active', label: '在岗' },
  { value: 'disabled', label: '已停用' },
  { value: 'all', label: '全部状态' },
]

interface More {
  items: AdminUser[]
  cursor: string | null
  busy: boolean
  problem: string | null
}

/** 人员管理 (admin: everyone; 单位管理员: their own unit): find people, open one, add one. */
export default function PeoplePage() {
  const routed = Number(useRouter().params.unitId)
  const { me } = useMe()
  const actions = useActionDialog()

  const [typed, setTyped] = useState('')
  const [q, setQ] = useState('')
  const [unitId, setUnitId] = useState<number | undefined>(Number.isSafeInteger(routed) && routed > 0 ? routed : undefined)
  const [role, setRole] = useState<Role | undefined>()
  const [status, setStatus] = useState<Status>('active')
  const query = { q: q || undefined, unitId, role, status }

  const units = useResource(() => request(orgUnitsApi.list).then(({ items }) => unitTree(items)))
  const tree = units.data ?? []

  const [more, setMore] = useState<More>({ items: [], cursor: null, busy: false, problem: null })
  const list = useResource(
    () =>
      request(orgPeopleApi.list, { query }).then((page) => {
        setMore({ items: [], cursor: page.nextCursor, busy: false, problem: null })
        return page
      }),
    { key: [query] },
  )
  const loadMore = () => {
    if (!more.cursor || more.busy) return
    setMore((m) => ({ ...m, busy: true }))
    request(orgPeopleApi.list, { query: { ...query, cursor: more.cursor } }).then(
      (page) => setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor, busy: false, problem: null })),
      (e: unknown) => setMore((m) => ({ ...m, busy: false, problem: errorMessage(e) })),
    )
  }

  usePullDownRefresh(() => {
    void Promise.all([list.reload(), units.reload()]).finally(() => Taro.stopPullDownRefresh())
  })

  // --- 新增人员 ---
  const grantable: readonly Role[] = me?.roles.includes('admin') ? GRANTABLE_ROLES.filter((r) => r !== 'cashier') : UNIT_ADMIN_GRANTABLE
  const [adding, setAdding] = useState(false)
  const [draft, setDraft] = useState<PersonDraft>(EMPTY_PERSON)
  const [roles, setRoles] = useState<Role[]>(['staff'])
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)

  const openAdd = () => {
    // a 单位管理员 adds to their own unit: it is the one choice
    const only = tree.filter(({ unit }) => unit.active)
    setDraft({ ...EMPTY_PERSON, unitId: unitId ?? (only.length === 1 ? only[0].unit.id : null) })
    setRoles(['staff'])
    setErrors({})
    setAdding(true)
  }
  const edit = (change: Partial<PersonDraft>, field: keyof PersonDraft) => {
    setDraft((d) => ({ ...d, ...change }))
    setErrors(({ [field]: _, ...rest }) => rest)
  }
  const create = async () => {
    const problems: Record<string, string> = {}
    const mobile = normaliseMobile(draft.mobile.trim())
    if (!draft.name.trim()) problems.name = '请填写姓名'
    if (!mobile) problems.mobile = '请填写手机号'
    else if (!isValidMobile(mobile)) problems.mobile = '手机号码有误：应为 11 位中国大陆手机号'
    if (!draft.unitId) problems.unitId = '请选择单位'
    setErrors(problems)
    if (Object.keys(problems).length || busy || !draft.unitId) return
    setBusy(true)
    try {
      const person = await request(orgPeopleApi.create, {
        body: {
          name: draft.name.trim(),
          mobile,
          unitId: draft.unitId,
          position: draft.position.trim() || undefined,
          dingtalkUserId: draft.dingtalkUserId.trim() || undefined,
          zzdAccountId: draft.zzdAccountId.trim() || undefined,
          roles: roles.filter((r): r is (typeof GRANTABLE_ROLES)[number] => (GRANTABLE_ROLES as readonly Role[]).includes(r)),
        },
      })
      setAdding(false)
      toast('已新增', 'success')
      void list.reload()
      void Taro.navigateTo({ url: personPage(person.id) })
    } catch (e) {
      const fields = orgFieldErrors(asApiError(e), ['name', 'mobile', 'unitId', 'position', 'dingtalkUserId', 'zzdAccountId'])
      if (Object.keys(fields).length) setErrors(fields)
      else actions.fail(e, { title: '未能新增人员' })
    } finally {
      setBusy(false)
    }
  }

  const unitChoices = ['全部单位', ...tree.map(treeLabel)]
  const unitIndex = unitId === undefined ? 0 : tree.findIndex(({ unit }) => unit.id === unitId) + 1
  const roleChoices: (Role | undefined)[] = [undefined, ...GRANTABLE_ROLES]
  const search = () => setQ(typed.trim())

  return (
    <Page className='oa-people'>
      <OrgNav current='people' />
      <PageGate state={list.state} needs={['admin', 'unit_admin']} icon={<User size={48} color={GREY_ICON} />} onRetry={() => void list.reload()}>
        {(page) => {
          const rows = [...page.items, ...more.items]
          return (
            <>
              <Card>
                <View className='oa-search'>
                  <Search size={16} color='var(--egj-text-3)' className='oa-search__icon' />
                  <Input value={typed} maxLength={50} placeholder='姓名或手机号' confirmType='search' onChange={setTyped} onConfirm={search} onClear={() => setQ('')} clearable />
                  <View className='oa-search__go' onClick={search}>
                    搜索
                  </View>
                </View>
                <View className='oa-filters'>
                  <View className='oa-filter'>
                    <PickerValue mode='selector' range={unitChoices} value={Math.max(unitIndex, 0)} text={unitIndex > 0 ? tree[unitIndex - 1].unit.name : '全部单位'} onChange={(i) => setUnitId(i === 0 ? undefined : tree[i - 1]?.unit.id)} />
                  </View>
                  <View className='oa-filter'>
                    <PickerValue mode='selector' range={roleChoices.map((r) => (r ? ROLE_LABELS[r] : '全部角色'))} value={roleChoices.indexOf(role)} text={role ? ROLE_LABELS[role] : '全部角色'} onChange={(i) => setRole(roleChoices[i])} />
                  </View>
                  <View className='oa-filter oa-filter--status'>
                    <PickerValue mode='selector' range={STATUSES.map((s) => s.label)} value={STATUSES.findIndex((s) => s.value === status)} text={STATUSES.find((s) => s.value === status)?.label ?? ''} onChange={(i) => setStatus(STATUSES[i]?.value ?? 'active')} />
                  </View>
                </View>
              </Card>

              <View className='oa-head'>
                <Text className='oa-head__title'>{rows.length ? `人员${more.cursor ? '' : ` · ${rows.length}`}` : '人员'}</Text>
                <Button size='small' type='primary' fill='outline' icon={<Plus size={12} />} onClick={openAdd}>
                  新增人员
                </Button>
              </View>

              <Card>
                {rows.length === 0 && <View className='vf-empty-line'>{q || unitId || role || status !== 'active' ? '没有符合条件的人员' : '还没有人员，可新增或导入'}</View>}
                {rows.map((person) => (
                  <View key={person.id} className={`oa-item ${person.active ? '' : 'oa-item--off'}`} onClick={() => void Taro.navigateTo({ url: personPage(person.id) })}>
                    <View className='oa-item__top'>
                      <Text className='oa-item__title'>{person.name}</Text>
                      {!person.active && (
                        <Pill tone='gray' className='oa-item__pill'>
                          已停用
                        </Pill>
                      )}
                      <Text className='oa-item__side'>{person.mobileMasked ?? '未留手机号'}</Text>
                      <ArrowRight size={12} color='#c0c4cc' className='oa-people__arrow' />
                    </View>
                    <View className='oa-item__line'>
                      {person.unitName ?? '无所属单位'}
                      {person.position ? ` · ${person.position}` : ''}
                    </View>
                    {person.roles.length > 0 && (
                      <View className='oa-roles'>
                        {person.roles.map((r) => (
                          <Pill key={r} tone={r === 'admin' || r === 'unit_admin' ? 'orange' : 'blue'}>
                            {ROLE_LABELS[r]}
                          </Pill>
                        ))}
                      </View>
                    )}
                  </View>
                ))}
                {more.cursor && (
                  <View className='oa-more'>
                    <Button block fill='outline' type='primary' loading={more.busy} onClick={loadMore}>
                      加载更多
                    </Button>
                  </View>
                )}
                {more.problem && <View className='oa-error'>{more.problem}</View>}
              </Card>
            </>
          )
        }}
      </PageGate>

      <Popup visible={adding} position='bottom' round closeable title='新增人员' onClose={() => !busy && setAdding(false)}>
        <View className='oa-sheet'>
          <PersonFields draft={draft} units={tree} errors={errors} onChange={edit} />
          <FormRow label='角色' stacked last hint={me?.roles.includes('admin') ? '食堂收银需选择商户，请新增后在人员详情中授予' : undefined}>
            <RoleChecklist value={roles} grantable={grantable} onChange={setRoles} compact />
          </FormRow>
          {Object.keys(errors).length > 0 && <View className='oa-error'>请按上方红字修改后再提交</View>}
          <View className='oa-actions'>
            <Button type='primary' size='large' block loading={busy} onClick={() => void create()}>
              新增
            </Button>
          </View>
        </View>
      </Popup>
      {actions.node}
    </Page>
  )
}
