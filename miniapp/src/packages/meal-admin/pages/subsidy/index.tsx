import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { Check, Store } from '@nutui/icons-react-taro'
import { formatMoney, mealSubsidiesApi } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { useSubmit } from '../../../../hooks/useSubmit'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Card, FormRow, PickerValue } from '../../../../components/Form'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import '../../components/ui.scss'
import { cleanYuanText, monthLabel, thisMonth, yuanInput } from '../../lib/format'
import { useUnits } from '../../lib/units'
import './index.scss'

const MAX_PER_PERSON_FEN = 1_000_000
const CHIPS = ['200', '300', '500']

interface Done {
  unitName: string
  month: string
  perPersonFen: number
  people: number
  totalFen: number
}

/** 发放月度餐补 (admin): one unit, one month, the same amount to each of its staff's 补贴 balance. */
export default function SubsidyPage() {
  const gate = useRoleGate(['admin'], { icon: <Store size={48} color={GREY_ICON} /> })
  const [unitIndex, setUnitIndex] = useState(0)
  const [month, setMonth] = useState(thisMonth)
  const [amountText, setAmountText] = useState('300')
  const [busy, setBusy] = useState(false)
  const actions = useActionDialog()
  const [problem, setProblem] = useState<string | null>(null)
  const [done, setDone] = useState<Done | null>(null)

  const units = useUnits()
  const unitList = units.data ?? []
  const unit = unitList[unitIndex] ?? unitList[0]
  const amountFen = yuanInput(amountText, 1, MAX_PER_PERSON_FEN)

  // one Idempotency-Key per run: a double tap, or a retry after no answer, grants once
  const granting = useSubmit((body: { unitId: number; month: string; amountPerPersonFen: number }, idempotencyKey) => request(mealSubsidiesApi.run, { body, idempotencyKey }))

  const run = async () => {
    if (amountFen === null || busy || !unit) return
    setBusy(true)
    setProblem(null)
    try {
      const result = await granting.submit({ unitId: unit.id, month, amountPerPersonFen: amountFen })
      setDone({ unitName: unit.name, month, perPersonFen: amountFen, ...result })
    } catch (e) {
      const error = asApiError(e)
      if (error.status === 0 || error.status >= 500) actions.fail(error, { title: '发放失败', retry: () => void run(), safeRetry: '发放' })
      else setProblem(error.message)
    } finally {
      setBusy(false)
    }
  }

  const ask = () => {
    if (amountFen === null || !unit) return
    actions.show({
      title: `确认发放 ${monthLabel(month)} 餐补`,
      message: `向 ${unit.name} 全体工作人员每人发放 ${formatMoney(amountFen)} 餐补？`,
      choices: [{ text: '确认发放', primary: true, onClick: () => void run() }],
      cancelText: '取消',
    })
  }

  if (gate) {
    return (
      <Page className='subsidy'>{gate}</Page>
    )
  }

  if (!unit) {
    return (
      <Page className='subsidy'>
        <PageGate
          state={units.state}
          icon={<Check size={48} color={GREY_ICON} />}
          isEmpty={(list) => !list.length}
          empty={{ title: '还没有成员单位', description: '请先在单位管理中添加单位' }}
          onRetry={() => void units.reload()}
        />
      </Page>
    )
  }

  if (done) {
    return (
      <Page className='subsidy'>
        <View className='egj-card subsidy__done'>
          <View className='subsidy__done-icon'>
            <Check size={32} color='#ffffff' />
          </View>
          <View className='subsidy__done-title'>
            已向 {done.people} 人发放，共 {formatMoney(done.totalFen)}
          </View>
          <View className='subsidy__done-meta'>
            {done.unitName} · {monthLabel(done.month)} · 每人 {formatMoney(done.perPersonFen)}
          </View>
          <View className='egj-muted subsidy__done-hint'>已记入每人饭卡的补贴余额，消费时优先使用</View>
          <Button className='subsidy__again' type='primary' fill='outline' block onClick={() => setDone(null)}>
            继续发放其他单位
          </Button>
        </View>
      </Page>
    )
  }

  return (
    <Page className='subsidy'>
      <View className='subsidy__intro'>
        <View className='subsidy__intro-title'>月度餐补</View>
        <View className='subsidy__intro-text'>发放到单位全体工作人员饭卡的「补贴」余额，不可提现，消费时优先使用。每个单位每月只能发放一次。</View>
      </View>

      <Card title='发放信息'>
        <FormRow label='发放单位'>
          <PickerValue mode='selector' range={unitList.map((u) => u.name)} value={unitIndex} text={unit.name} onChange={(i) => {
              setUnitIndex(i)
              setProblem(null)
            }} />
        </FormRow>
        <FormRow label='发放月份'>
          <PickerValue mode='date' fields='month' value={month} text={monthLabel(month)} onChange={(m) => {
              setMonth(m)
              setProblem(null)
            }} />
        </FormRow>
        <FormRow
          label='每人金额'
          last
          error={amountText !== '' && amountFen === null ? `请输入 ${formatMoney(1)} ~ ${formatMoney(MAX_PER_PERSON_FEN)}` : null}
        >
          <Input align='right' type='digit' value={amountText} placeholder='0.00' onChange={(text) => setAmountText(cleanYuanText(text))} />
          <Text className='vf-row__unit'>元</Text>
        </FormRow>
        <View className='subsidy__chips'>
          {CHIPS.map((chip) => (
            <View key={chip} className={`subsidy__chip ${amountText === chip ? 'subsidy__chip--on' : ''}`} onClick={() => setAmountText(chip)}>
              {formatMoney(Number(chip) * 100)}
            </View>
          ))}
        </View>
        {problem && <View className='ma-error'>{problem}</View>}
        <View className='ma-actions'>
          <Button type='primary' size='large' block disabled={amountFen === null} loading={busy} onClick={ask}>
            发放餐补
          </Button>
        </View>
      </Card>

      {actions.node}
    </Page>
  )
}
