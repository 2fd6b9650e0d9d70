import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input } from '@nutui/nutui-react-taro'
import { Store } from '@nutui/icons-react-taro'
import {
  ASSET_CATEGORY_LABELS,
  ASSET_LOAN_HORIZON_DAYS,
  ASSET_LOAN_MAX_DAYS,
  ASSET_LOAN_STATUS_LABELS,
  ASSET_STATUS_LABELS,
  assetLoansApi,
  assetsApi,
  type AssetDateRange,
  type AssetLoanCreate,
} from '@egj/shared'
import { ApiError, asApiError, isUnknownOutcome, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, FormRow, PickerValue } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useSubmit } from '../../../../hooks/useSubmit'
import { AssetThumb } from '../../components/AssetBits'
import {
  addDays,
  assetLoanPage,
  dayText,
  daysIn,
  defaultLoanDates,
  LOAN_STATUS_TONES,
  loanFieldErrors,
  mmdd,
  overlapDetails,
  rangeText,
  shortRange,
  todayInShanghai,
} from '../../lib/assets'
import '../../components/asset.scss'

const isDay = (text: string | undefined): text is string => /^\d{4}-\d{2}-\d{2}$/.test(text ?? '')
const overlaps = (a: AssetDateRange, b: AssetDateRange) => a.startDate <= b.endDate && b.startDate <= a.endDate

/** What the phone can tell before sending, keyed like the form's error slots. */
function problemsOf(dates: AssetDateRange, purpose: string, today: string): Record<string, string> {
  const out: Record<string, string> = {}
  if (dates.startDate < today) out.dates = '借用日期不能早于今天'
  else if (dates.endDate < dates.startDate) out.dates = '归还日期不能早于借用日期'
  else if (daysIn(dates.startDate, dates.endDate) > ASSET_LOAN_MAX_DAYS) out.dates = `借用时间最长 ${ASSET_LOAN_MAX_DAYS} 天`
  if (!purpose.trim()) out.purpose = '请填写借用事由'
  return out
}

/** 申请借用: the days (tomorrow to the day after by default), what for; days others hold are refused with the nearest free ones. */
export default function AssetBorrowPage() {
  const params = useRouter().params
  const assetId = Number(params.assetId)
  const today = todayInShanghai()
  const [dates, setDates] = useState<AssetDateRange>(() => {
    const fallback = defaultLoanDates(today)
    const startDate = isDay(params.start) && params.start >= today ? params.start : fallback.startDate
    const endDate = isDay(params.end) && params.end >= startDate ? params.end : startDate === fallback.startDate ? fallback.endDate : addDays(startDate, 1)
    return { startDate, endDate }
  })
  const [purpose, setPurpose] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [nextFree, setNextFree] = useState<AssetDateRange | null>(null)
  const actions = useActionDialog()

  const { state, reload } = useResource(
    () => (Number.isInteger(assetId) && assetId > 0 ? request(assetsApi.get, { params: { id: assetId } }) : Promise.reject(new ApiError(404, 'NOT_FOUND', '资产不存在'))),
    { key: [assetId] },
  )

  const clear = (...fields: string[]) => setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !fields.includes(k))))
  const changeDates = (next: AssetDateRange) => {
    setDates(next)
    setNextFree(null)
    clear('dates')
  }
  const pickStart = (startDate: string) => {
    // keep the length chosen so far
    const length = Math.max(1, daysIn(dates.startDate, dates.endDate))
    changeDates({ startDate, endDate: dates.endDate >= startDate ? dates.endDate : addDays(startDate, length - 1) })
  }

  const borrow = useSubmit((body: AssetLoanCreate, idempotencyKey) => request(assetLoansApi.create, { body, idempotencyKey }))
  const send = async (body: AssetLoanCreate | null) => {
    try {
      const loan = body ? await borrow.submit(body) : await borrow.retry()
      toast('已提交，等待审批', 'success')
      void Taro.redirectTo({ url: assetLoanPage(loan.id) })
    } catch (e) {
      const error = asApiError(e)
      if (error.code === 'ASSET_LOAN_OVERLAP') {
        const details = overlapDetails(error.details)
        setErrors({ dates: details.taken.length ? `所选日期已被预约：${details.taken.map(shortRange).join('、')}` : error.message })
        setNextFree(details.nextFree)
        void reload()
        return
      }
      const fields = loanFieldErrors(error)
      if (Object.keys(fields).length) {
        setErrors(fields)
        return
      }
      actions.fail(error, { title: '借用申请未提交', retry: () => void send(null), safeRetry: '提交申请' })
      if (!isUnknownOutcome(error)) void reload()
    }
  }

  const submit = () => {
    const problems = problemsOf(dates, purpose, today)
    setErrors(problems)
    setNextFree(null)
    if (Object.keys(problems).length) return
    void send({ assetId, startDate: dates.startDate, endDate: dates.endDate, purpose: purpose.trim() })
  }

  /** The one tap: the nearest free days, the same purpose, sent at once. */
  const takeNextFree = (free: AssetDateRange) => {
    changeDates(free)
    const problems = problemsOf(free, purpose, today)
    if (Object.keys(problems).length) return setErrors(problems)
    void send({ assetId, startDate: free.startDate, endDate: free.endDate, purpose: purpose.trim() })
  }

  return (
    <Page className='asset-borrow'>
      <PageGate
        state={state}
        guest='登录后申请借用'
        icon={<Store size={48} color={GREY_ICON} />}
        errorTitle={(error) => (error.code === 'NOT_FOUND' ? '资产不存在' : undefined)}
        onRetry={() => void reload()}
      >
        {(asset) => {
          const length = dates.endDate >= dates.startDate ? daysIn(dates.startDate, dates.endDate) : 0
          return (
            <>
              <View className='asset-summary'>
                <AssetThumb url={asset.photoUrls[0]} />
                <View className='asset-summary__body'>
                  <View className='asset-summary__name'>{asset.name}</View>
                  <View className='asset-summary__meta'>
                    {ASSET_CATEGORY_LABELS[asset.category]} · {asset.unitName}
                  </View>
                  <View className='asset-summary__meta'>编号 {asset.shortCode}</View>
                </View>
              </View>

              {!asset.can.borrow && <View className='asset-notice asset-notice--red'>该资产目前不能借用（{ASSET_STATUS_LABELS[asset.status]}）</View>}

              <Card title='借用时间'>
                <FormRow label='借用日期' required>
                  <PickerValue mode='date' value={dates.startDate} start={today} end={addDays(today, ASSET_LOAN_HORIZON_DAYS)} text={dayText(dates.startDate)} onChange={pickStart} />
                </FormRow>
                <FormRow label='归还日期' required last error={errors.dates} hint={length ? `共 ${length} 天，最长 ${ASSET_LOAN_MAX_DAYS} 天` : undefined}>
                  <PickerValue
                    mode='date'
                    value={dates.endDate}
                    start={dates.startDate}
                    end={addDays(dates.startDate, ASSET_LOAN_MAX_DAYS - 1)}
                    text={dayText(dates.endDate)}
                    onChange={(endDate) => changeDates({ ...dates, endDate })}
                  />
                </FormRow>
                {nextFree && (
                  <View className='asset-next-free'>
                    <Button type='primary' fill='outline' block loading={borrow.busy} onClick={() => takeNextFree(nextFree)}>
                      {`改为 ${mmdd(nextFree.startDate)} 至 ${mmdd(nextFree.endDate)}`}
                    </Button>
                    <View className='asset-caption'>最近可借的日期，点按即按新日期提交，事由不变</View>
                  </View>
                )}
              </Card>

              <Card title='已被预约'>
                {!asset.takenRanges.length && <View className='vf-empty-line'>近期没有借用预约，可选任意日期</View>}
                {asset.takenRanges.map((r) => (
                  <View key={`${r.startDate}-${r.endDate}`} className={`asset-taken ${overlaps(r, dates) ? 'asset-taken--clash' : ''}`}>
                    <Text className='asset-taken__range'>{rangeText(r.startDate, r.endDate, true)}</Text>
                    <Pill tone={LOAN_STATUS_TONES[r.status]}>{ASSET_LOAN_STATUS_LABELS[r.status]}</Pill>
                  </View>
                ))}
              </Card>

              <Card title='借用事由'>
                <FormRow label='事由' required last error={errors.purpose}>
                  <Input
                    align='right'
                    value={purpose}
                    maxLength={100}
                    placeholder='如 临时会务使用'
                    onChange={(text) => {
                      setPurpose(text)
                      clear('purpose')
                    }}
                  />
                </FormRow>
              </Card>

              <View className='vf-actions'>
                <View className='asset-caption asset-caption--center'>提交后由{asset.unitName}资产管理员审批，所选日期为您保留</View>
                <Button type='primary' size='large' block loading={borrow.busy} disabled={!asset.can.borrow} onClick={submit}>
                  提交申请
                </Button>
              </View>
            </>
          )
        }}
      </PageGate>
      {actions.node}
    </Page>
  )
}
