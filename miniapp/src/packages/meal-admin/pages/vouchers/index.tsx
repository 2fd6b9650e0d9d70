import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import { Coupon, Store } from '@nutui/icons-react-taro'
import { type EndpointBody, formatMoney, inShanghai, mealVouchersApi, type Voucher } from '@egj/shared'

type VoucherIssueBody = EndpointBody<typeof mealVouchersApi.issue>
import { asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { useSubmit } from '../../../../hooks/useSubmit'
import { useResource } from '../../../../hooks/useResource'
import { Card, FormRow, PickerValue, Segmented } from '../../../../components/Form'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import '../../components/ui.scss'
import { VoucherRow } from '../../components/VoucherRow'
import { copyText } from '../../lib/files'
import { cleanYuanText, today, VOUCHER_STATUS_LABELS, yuanInput } from '../../lib/format'
import { useUnits, type Unit } from '../../lib/units'
import './index.scss'

const MIN_FEN = 100
const MAX_FEN = 20_000
const MAX_COUNT = 500

const TABS = [
  { value: 'issue' as const, label: '发放餐券' },
  { value: 'list' as const, label: '已发餐券' },
]

const namesOf = (text: string) =>
  text
    .split(/\n+/)
    .map((name) => name.trim())
    .filter(Boolean)

/** "张三: https://…" per line: the whole batch to paste into a chat. */
const linksText = (vouchers: Voucher[]) => vouchers.map((v, i) => `${v.holderName ?? `第 ${i + 1} 张`}（${formatMoney(v.amountFen)}）：${v.link}`).join('\n')

/** "未使用 3 · 已使用 1 · 已过期 0" */
function statusCounts(vouchers: Voucher[]): string {
  const counts = { issued: 0, redeemed: 0, expired: 0 }
  for (const v of vouchers) counts[v.status] += 1
  return (['issued', 'redeemed', 'expired'] as const).map((s) => `${VOUCHER_STATUS_LABELS[s]} ${counts[s]}`).join(' · ')
}

/** 电子餐券 (admin): issue a batch for a unit (billed to it), and see a unit's vouchers. */
export default function VouchersPage() {
  const gate = useRoleGate(['admin'], { icon: <Store size={48} color={GREY_ICON} /> })
  const [tab, setTab] = useState<'issue' | 'list'>('issue')
  const units = useUnits()
  if (gate) {
    return (
      <Page className='vouchers'>{gate}</Page>
    )
  }
  return (
    <Page className='vouchers'>
      <View className='vouchers__tabs'>
        <Segmented options={TABS} value={tab} onChange={setTab} />
      </View>
      <PageGate
        state={units.state}
        icon={<Coupon size={48} color={GREY_ICON} />}
        isEmpty={(list) => !list.length}
        empty={{ title: '还没有成员单位', description: '请先在单位管理中添加单位' }}
        onRetry={() => void units.reload()}
      >
        {(list) => (tab === 'issue' ? <IssueTab units={list} onShowList={() => setTab('list')} /> : <ListTab units={list} />)}
      </PageGate>
    </Page>
  )
}

function IssueTab({ units, onShowList }: { units: Unit[]; onShowList: () => void }) {
  const [unitIndex, setUnitIndex] = useState(0)
  const [countText, setCountText] = useState('10')
  const [amountText, setAmountText] = useState('30')
  const [purpose, setPurpose] = useState('')
  const [namesText, setNamesText] = useState('')
  const [expiresOn, setExpiresOn] = useState(() => inShanghai(new Date()).add(7, 'day').format('YYYY-MM-DD'))
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const actions = useActionDialog()
  const [issued, setIssued] = useState<Voucher[] | null>(null)

  const unit = units[unitIndex] ?? units[0]
  const names = namesOf(namesText)
  // with a list of holders, one voucher each
  const count = names.length ? names.length : Number(countText)
  const countOk = Number.isInteger(count) && count >= 1 && count <= MAX_COUNT
  const amountFen = yuanInput(amountText, MIN_FEN, MAX_FEN)
  const ready = countOk && amountFen !== null && purpose.trim().length > 0 && !!expiresOn

  // one Idempotency-Key per issue: a double tap, or a retry after no answer, issues once
  const issuing = useSubmit((body: VoucherIssueBody, idempotencyKey) => request(mealVouchersApi.issue, { body, idempotencyKey }))

  const issue = async () => {
    if (!ready || amountFen === null || busy) return
    setBusy(true)
    setProblem(null)
    try {
      const { items } = await issuing.submit({ unitId: unit.id, count, amountFen, purpose: purpose.trim(), holderNames: names.length ? names : undefined, expiresOn })
      // in the order the names were typed (the server lists newest first)
      setIssued(names.length ? [...items].sort((x, y) => names.indexOf(x.holderName ?? '') - names.indexOf(y.holderName ?? '')) : items)
    } catch (e) {
      const error = asApiError(e)
      if (error.status === 0 || error.status >= 500) actions.fail(error, { title: '发放失败', retry: () => void issue(), safeRetry: '发放' })
      else setProblem(error.message)
    } finally {
      setBusy(false)
    }
  }

  const ask = () => {
    if (!ready || amountFen === null) return
    actions.show({
      title: '确认发放餐券',
      message: `以 ${unit.name} 名义发放 ${count} 张、每张 ${formatMoney(amountFen)} 的餐券，共 ${formatMoney(count * amountFen)}，费用记在该单位。`,
      choices: [{ text: '确认发放', primary: true, onClick: () => void issue() }],
      cancelText: '取消',
    })
  }

  if (issued) {
    const total = issued.reduce((sum, v) => sum + v.amountFen, 0)
    return (
      <>
        <View className='vouchers__done'>
          <View className='vouchers__done-title'>
            已发放 {issued.length} 张餐券，共 {formatMoney(total)}
          </View>
          <View className='vouchers__done-meta'>
            {issued[0]?.unitName} · {issued[0]?.purpose}
          </View>
          <View className='vouchers__done-hint'>把链接发给持券人，持券人在任一窗口扫码时选择餐券付款</View>
        </View>
        <Card
          title='餐券与领取链接'
          extra={
            <Text className='vouchers__copy-all' onClick={() => void copyText(linksText(issued)).catch(() => toast('复制失败', 'fail'))}>
              复制全部
            </Text>
          }
        >
          {issued.map((v, i) => (
            <VoucherRow key={v.code} voucher={v} index={i} />
          ))}
        </Card>
        <View className='vouchers__buttons'>
          <Button className='vouchers__button' fill='outline' type='primary' onClick={onShowList}>
            查看已发餐券
          </Button>
          <Button className='vouchers__button' type='primary' onClick={() => setIssued(null)}>
            继续发放
          </Button>
        </View>
      </>
    )
  }

  return (
    <>
      <Card title='发放信息'>
        <FormRow label='发券单位' hint='餐券费用记在该单位'>
          <PickerValue mode='selector' range={units.map((u) => u.name)} value={unitIndex} text={unit.name} onChange={setUnitIndex} />
        </FormRow>
        <FormRow label='用途'>
          <Input align='right' value={purpose} maxLength={100} placeholder='如 全市机关事务工作会议用餐' onChange={setPurpose} />
        </FormRow>
        <FormRow label='每张面值' error={amountText !== '' && amountFen === null ? `面值为 ${formatMoney(MIN_FEN)} ~ ${formatMoney(MAX_FEN)}` : null}>
          <Input align='right' type='digit' value={amountText} placeholder='0.00' onChange={(text) => setAmountText(cleanYuanText(text))} />
          <Text className='vf-row__unit'>元</Text>
        </FormRow>
        <FormRow label='张数' hint={names.length ? `按持券人名单，共 ${names.length} 张` : undefined} error={!names.length && !countOk && countText !== '' ? `张数为 1 ~ ${MAX_COUNT}` : null}>
          {names.length ? (
            <Text className='vouchers__count-fixed'>{names.length}</Text>
          ) : (
            <Input align='right' type='number' value={countText} placeholder='1' onChange={(text) => setCountText(text.replace(/\D/g, '').slice(0, 3))} />
          )}
          <Text className='vf-row__unit'>张</Text>
        </FormRow>
        <FormRow label='有效期至' last>
          <PickerValue mode='date' value={expiresOn} start={today()} text={inShanghai(`${expiresOn}T00:00:00+08:00`).format('YYYY年M月D日')} onChange={setExpiresOn} />
        </FormRow>
      </Card>

      <Card title='持券人（选填）'>
        <View className='vouchers__names-tip egj-muted'>每行一个姓名，每人一张；不填则发放不记名餐券</View>
        <TextArea className='vouchers__names' value={namesText} placeholder={'每行一个姓名，如：\n陈建国\n林晓梅'} maxLength={5000} autoSize onChange={setNamesText} />
      </Card>

      <View className='vouchers__submit'>
        {problem && <View className='ma-error vouchers__problem'>{problem}</View>}
        <Button type='primary' size='large' block disabled={!ready} loading={busy} onClick={ask}>
          {ready && amountFen !== null ? `发放 ${count} 张，共 ${formatMoney(count * amountFen)}` : '发放餐券'}
        </Button>
      </View>
      {actions.node}
    </>
  )
}

function ListTab({ units }: { units: Unit[] }) {
  const [unitIndex, setUnitIndex] = useState(0)
  const unit = units[unitIndex] ?? units[0]
  const { state, reload } = useResource(() => request(mealVouchersApi.listOfUnit, { query: { unitId: unit.id } }).then((list) => list.items), { key: [unit.id] })

  return (
    <>
      <Card>
        <FormRow label='发券单位' last>
          <PickerValue mode='selector' range={units.map((u) => u.name)} value={unitIndex} text={unit.name} onChange={setUnitIndex} />
        </FormRow>
      </Card>
      <PageGate
        state={state}
        needs={['admin', 'settlement']}
        icon={<Coupon size={48} color={GREY_ICON} />}
        isEmpty={(vouchers) => !vouchers.length}
        empty={{ title: '该单位还没有发放餐券' }}
        onRetry={() => void reload()}
      >
        {(vouchers) => (
          <Card title={`共 ${vouchers.length} 张`} extra={<Text className='egj-muted'>{statusCounts(vouchers)}</Text>}>
            {vouchers.map((v, i) => (
              <VoucherRow key={v.code} voucher={v} index={i} showPurpose />
            ))}
          </Card>
        )}
      </PageGate>
    </>
  )
}
