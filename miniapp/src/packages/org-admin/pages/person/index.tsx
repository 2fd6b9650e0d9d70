import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, Popup } from '@nutui/nutui-react-taro'
import { User } from '@nutui/icons-react-taro'
import {
  formatMoney,
  GRANTABLE_ROLES,
  isValidMobile,
  mealMerchantsApi,
  normaliseMobile,
  orgPeopleApi,
  orgUnitsApi,
  type AdminUserDetail,
  type DeactivateResult,
  type EndpointBody,
  type Role,
} from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, FormRow, InfoLine, PickerValue } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { ReasonDialog, type ReasonAsk } from '../../../../components/ReasonDialog'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useMe } from '../../../../store/session'
import { PersonFields, type PersonDraft } from '../../components/PersonFields'
import { RoleChecklist } from '../../components/RoleChecklist'
import { orgFieldErrors } from '../../lib/errors'
import { auditPage, peoplePage } from '../../lib/nav'
import { unitTree } from '../../lib/units'
import '../../components/ui.scss'
import './index.scss'

type GrantableRole = (typeof GRANTABLE_ROLES)[number]
const isGrantable = (role: Role): role is GrantableRole => (GRANTABLE_ROLES as readonly Role[]).includes(role)
const sameRoles = (a: Role[], b: Role[]) => a.length === b.length && a.every((role) => b.includes(role))

const draftOf = (person: AdminUserDetail): PersonDraft => ({ name: person.name, mobile: '', unitId: person.unitId, position: person.position ?? '', dingtalkUserId: person.dingtalkUserId ?? '', zzdAccountId: person.zzdAccountId ?? '' })

/** 人员详情: who they are, their roles (with a reason), and what to do when they leave. */
export default function PersonPage() {
  const id = Number(useRouter().params.id)
  const { me } = useMe()
  const isAdmin = !!me?.roles.includes('admin')
  const { state, reload, set } = useResource(() => request(orgPeopleApi.get, { params: { id } }), { key: [id] })
  const person = state.status === 'ready' ? state.data : null
  const actions = useActionDialog()
  const [ask, setAsk] = useState<ReasonAsk | null>(null)
  const [left, setLeft] = useState<DeactivateResult | null>(null)

  // --- roles ---
  const [roles, setRoles] = useState<Role[]>([])
  const [merchantId, setMerchantId] = useState<number | null>(null)
  const [reason, setReason] = useState('')
  const [roleErrors, setRoleErrors] = useState<Record<string, string>>({})
  const [savingRoles, setSavingRoles] = useState(false)
  useEffect(() => {
    if (!person) return
    setRoles(person.roles)
    setMerchantId(person.merchantIds[0] ?? null)
  }, [person])
  const cashier = roles.includes('cashier')
  const merchants = useResource(() => request(mealMerchantsApi.list).then(({ items }) => items.filter((m) => m.status === 'active' || person?.merchantIds.includes(m.id))), { enabled: cashier && isAdmin })
  const merchantName = (mid: number) => merchants.data?.find((m) => m.id === mid)?.name ?? `商户 #${mid}`

  // --- basics ---
  const units = useResource(() => request(orgUnitsApi.list).then(({ items }) => unitTree(items)))
  const unitName = (uid: number | null) => (uid === null ? null : (units.data?.find(({ unit }) => unit.id === uid)?.unit.name ?? null))
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState<PersonDraft | null>(null)
  const [editReason, setEditReason] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [savingBasics, setSavingBasics] = useState(false)

  const title = person?.name
  useEffect(() => {
    if (title) Taro.setNavigationBarTitle({ title }).catch(() => undefined)
  }, [title])

  if (!person) {
    return (
      <Page className='oa-person'>
        <PageGate
          state={state}
          needs={['admin', 'unit_admin']}
          icon={<User size={48} color={GREY_ICON} />}
          errorTitle={(error) => (error.code === 'NOT_FOUND' ? '找不到这个人' : undefined)}
          errorAction={() => ({ text: '返回人员列表', onClick: () => void Taro.redirectTo({ url: peoplePage() }) })}
          onRetry={() => void reload()}
        />
      </Page>
    )
  }

  const grantable = person.can.editRoles ? person.grantable : []
  const rolesChanged = !sameRoles(roles, person.roles) || (cashier && merchantId !== null && !person.merchantIds.includes(merchantId))
  const saveRoles = async () => {
    const problems: Record<string, string> = {}
    if (cashier && merchantId === null) problems.merchantId = '请选择所属商户'
    if (!reason.trim()) problems.reason = '请填写授权原因'
    setRoleErrors(problems)
    if (Object.keys(problems).length || savingRoles) return
    setSavingRoles(true)
    try {
      const body: EndpointBody<typeof orgPeopleApi.setRoles> = { roles: roles.filter(isGrantable), reason: reason.trim(), ...(cashier && merchantId !== null ? { merchantId } : {}) }
      set(await request(orgPeopleApi.setRoles, { params: { id }, body }))
      setReason('')
      toast('角色已保存', 'success')
    } catch (e) {
      const error = asApiError(e)
      const fields = orgFieldErrors(error, ['roles', 'merchantId', 'reason'])
      if (Object.keys(fields).length) setRoleErrors(fields)
      else actions.fail(error, { title: '未能保存角色' })
    } finally {
      setSavingRoles(false)
    }
  }

  // --- 停用 / 重新启用 / 解除微信绑定 ---
  const deactivate = () =>
    setAsk({
      title: `停用 ${person.name}？`,
      message: '停用后立即退出所有登录，待审批事项转给本单位其他审批人，饭卡余额报结算处理。',
      placeholder: '停用原因，如 已调离本单位',
      confirmText: '停用',
      danger: true,
      onConfirm: async (text) => {
        try {
          const result = await request(orgPeopleApi.deactivate, { params: { id }, body: { reason: text } })
          set(result.user)
          setLeft(result)
          toast('已停用', 'success')
        } catch (e) {
          throw asApiError(e).message
        }
      },
    })
  const reactivate = () =>
    setAsk({
      title: `重新启用 ${person.name}？`,
      message: '启用后可以重新登录；角色保持停用前的设置。',
      placeholder: '启用原因，如 返岗',
      confirmText: '重新启用',
      onConfirm: async (text) => {
        try {
          set(await request(orgPeopleApi.reactivate, { params: { id }, body: { reason: text } }))
          setLeft(null)
          toast('已重新启用', 'success')
        } catch (e) {
          throw asApiError(e).message
        }
      },
    })
  const resetWechat = () =>
    actions.show({
      title: '解除微信绑定？',
      message: `解除后 ${person.name} 的微信需重新验证手机号才能登录（换手机、换微信号时使用）。`,
      choices: [
        {
          text: '解除绑定',
          danger: true,
          onClick: () =>
            void request(orgPeopleApi.resetWechat, { params: { id } }).then(
              (updated) => {
                set(updated)
                toast('已解除微信绑定', 'success')
              },
              (e: unknown) => actions.fail(e, { title: '未能解除绑定' }),
            ),
        },
      ],
      cancelText: '取消',
    })

  // --- 编辑基本信息 ---
  const openEdit = () => {
    setDraft(draftOf(person))
    setEditReason('')
    setErrors({})
    setEditing(true)
  }
  const saveBasics = async () => {
    if (!draft || savingBasics) return
    const problems: Record<string, string> = {}
    const mobile = normaliseMobile(draft.mobile.trim())
    if (!draft.name.trim()) problems.name = '请填写姓名'
    if (mobile && !isValidMobile(mobile)) problems.mobile = '手机号码有误：应为 11 位中国大陆手机号'
    if (!draft.unitId) problems.unitId = '请选择单位'
    setErrors(problems)
    if (Object.keys(problems).length) return
    const body: EndpointBody<typeof orgPeopleApi.update> = {}
    if (draft.name.trim() !== person.name) body.name = draft.name.trim()
    if (mobile) body.mobile = mobile
    if (draft.unitId !== person.unitId && draft.unitId) body.unitId = draft.unitId
    if (draft.position.trim() !== (person.position ?? '')) body.position = draft.position.trim() || null
    if (draft.dingtalkUserId.trim() !== (person.dingtalkUserId ?? '')) body.dingtalkUserId = draft.dingtalkUserId.trim() || null
    if (draft.zzdAccountId.trim() !== (person.zzdAccountId ?? '')) body.zzdAccountId = draft.zzdAccountId.trim() || null
    if (!Object.keys(body).length) {
      setEditing(false)
      return
    }
    if (editReason.trim()) body.reason = editReason.trim()
    setSavingBasics(true)
    try {
      set(await request(orgPeopleApi.update, { params: { id }, body }))
      setEditing(false)
      toast('已保存', 'success')
    } catch (e) {
      const error = asApiError(e)
      const fields = orgFieldErrors(error, ['name', 'mobile', 'unitId', 'position', 'dingtalkUserId', 'zzdAccountId', 'reason'])
      if (Object.keys(fields).length) setErrors(fields)
      else actions.fail(error, { title: '未能保存' })
    } finally {
      setSavingBasics(false)
    }
  }

  const merchantChoices = merchants.data ?? []
  const merchantIndex = merchantChoices.findIndex((m) => m.id === merchantId)
  // a 食堂收银 works the till of one canteen: chosen right under the role
  const merchantRow = (
    <FormRow label='收银商户' required last error={roleErrors.merchantId} hint={person.merchantIds.length ? `现为 ${person.merchantIds.map(merchantName).join('、')} 收银` : undefined}>
      {isAdmin ? (
        <PickerValue
          mode='selector'
          range={merchantChoices.map((m) => m.name)}
          value={Math.max(merchantIndex, 0)}
          text={merchantIndex >= 0 ? merchantChoices[merchantIndex].name : merchants.state.status === 'loading' ? '加载中…' : ''}
          placeholder={merchants.state.status === 'error' ? '商户未能加载' : '请选择商户'}
          onChange={(i) => {
            setMerchantId(merchantChoices[i]?.id ?? null)
            setRoleErrors(({ merchantId: _, ...rest }) => rest)
          }}
        />
      ) : (
        <Text>{person.merchantIds.map(merchantName).join('、') || '未指定'}</Text>
      )}
    </FormRow>
  )
  return (
    <Page className='oa-person'>
      <Card
        title={
          <>
            {person.name}
            {!person.active && (
              <Pill tone='gray' className='oa-item__pill'>
                已停用
              </Pill>
            )}
          </>
        }
        extra={
          person.active ? (
            <Text className='oa-person__edit' onClick={openEdit}>
              编辑
            </Text>
          ) : undefined
        }
      >
        <InfoLine label='手机号'>{person.mobileMasked ?? '未留'}</InfoLine>
        <InfoLine label='单位'>{person.unitName ?? '无所属单位'}</InfoLine>
        <InfoLine label='部门/职务'>{person.position || '未填'}</InfoLine>
        <InfoLine label='钉钉 userId'>{person.dingtalkUserId ?? '未关联'}</InfoLine>
        <InfoLine label='浙政钉 accountId'>{person.zzdAccountId ?? '未关联'}</InfoLine>
        <InfoLine label='微信'>{person.wechatBound ? '已绑定' : '未绑定'}</InfoLine>
      </Card>

      {left && <LeftBehind result={left} />}

      <Card title='角色'>
        {!person.can.editRoles && <View className='oa-note'>{person.active ? '您不能调整此人的角色' : '已停用的人员不能调整角色'}</View>}
        <RoleChecklist
          value={roles}
          grantable={grantable}
          lockedNote={person.can.editRoles ? '无权调整' : ''}
          below={{ cashier: merchantRow }}
          onChange={(next) => {
            setRoles(next)
            setRoleErrors(({ roles: _, ...rest }) => rest)
          }}
        />
        {roleErrors.roles && <View className='vf-row__error'>{roleErrors.roles}</View>}
        {person.can.editRoles && (
          <>
            <FormRow label='原因' required last error={roleErrors.reason}>
              <Input
                align='right'
                value={reason}
                maxLength={200}
                placeholder='如 岗位调整'
                onChange={(text) => {
                  setReason(text)
                  setRoleErrors(({ reason: _, ...rest }) => rest)
                }}
              />
            </FormRow>
            <View className='oa-actions'>
              <Button type='primary' block disabled={!rolesChanged} loading={savingRoles} onClick={() => void saveRoles()}>
                保存角色
              </Button>
            </View>
          </>
        )}
      </Card>

      <Card title='账号'>
        {person.can.resetWechat && person.wechatBound && (
          <View className='oa-person__row' onClick={resetWechat}>
            <Text>解除微信绑定</Text>
            <Text className='oa-person__row-note'>换手机、换微信号时</Text>
          </View>
        )}
        {isAdmin && (
          <View className='oa-person__row' onClick={() => void Taro.navigateTo({ url: auditPage({ entity: 'user', entityId: String(person.id) }) })}>
            <Text>修改留痕</Text>
            <Text className='oa-person__row-note'>谁在何时改了什么</Text>
          </View>
        )}
        <View className='oa-actions'>
          {person.can.deactivate && (
            <Button type='danger' fill='outline' block onClick={deactivate}>
              停用（离岗）
            </Button>
          )}
          {person.can.reactivate && (
            <Button type='primary' fill='outline' block onClick={reactivate}>
              重新启用
            </Button>
          )}
        </View>
        {!person.can.deactivate && !person.can.reactivate && <View className='oa-note'>{person.active ? '您不能停用此人' : '您不能重新启用此人'}</View>}
      </Card>

      <Popup visible={editing} position='bottom' round closeable title='编辑人员信息' onClose={() => !savingBasics && setEditing(false)}>
        {draft && (
          <View className='oa-sheet'>
            <PersonFields
              draft={draft}
              units={units.data ?? []}
              errors={errors}
              mobileRequired={false}
              mobilePlaceholder={person.mobileMasked ? `${person.mobileMasked}，不改请留空` : '11 位手机号'}
              onChange={(change, field) => {
                setDraft((d) => (d ? { ...d, ...change } : d))
                setErrors(({ [field]: _, ...rest }) => rest)
              }}
            />
            {draft.unitId !== person.unitId && <View className='oa-note'>调到 {unitName(draft.unitId) ?? '新单位'} 后，此人只出现在新单位的名单中。</View>}
            <FormRow label='修改原因' last error={errors.reason}>
              <Input align='right' value={editReason} maxLength={200} placeholder='选填，记入留痕' onChange={setEditReason} />
            </FormRow>
            {Object.keys(errors).length > 0 && <View className='oa-error'>请按上方红字修改后再保存</View>}
            <View className='oa-actions'>
              <Button type='primary' size='large' block loading={savingBasics} onClick={() => void saveBasics()}>
                保存
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

/** What leaving left behind: sessions ended, work handed over, the 饭卡 balance reported for settlement. */
function LeftBehind({ result }: { result: DeactivateResult }) {
  const balance = result.mealBalance
  return (
    <Card title='停用结果'>
      <InfoLine label='登录'>{result.sessionsEnded > 0 ? `已结束 ${result.sessionsEnded} 个登录，立即生效` : '没有在用的登录'}</InfoLine>
      {result.handover.map((line) => (
        <InfoLine key={line.kind} label='交接'>
          {line.message}
        </InfoLine>
      ))}
      {result.handover.length === 0 && <InfoLine label='交接'>没有待处理的事项</InfoLine>}
      <InfoLine label='饭卡余额' strong={!!balance && balance.subsidyFen + balance.personalFen > 0}>
        {balance ? `${formatMoney(balance.subsidyFen + balance.personalFen)}，已报结算` : '没有饭卡账户'}
      </InfoLine>
      {balance && balance.subsidyFen + balance.personalFen > 0 && (
        <InfoLine label='其中'>
          补贴 {formatMoney(balance.subsidyFen)} · 个人 {formatMoney(balance.personalFen)}
        </InfoLine>
      )}
    </Card>
  )
}
