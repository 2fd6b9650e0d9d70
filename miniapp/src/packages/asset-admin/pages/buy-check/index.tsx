import { useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import { Search } from '@nutui/icons-react-taro'
import {
  ASSET_BUY_CHECK_VALID_DAYS,
  ASSET_CATEGORY_LABELS,
  ASSET_CONDITION_LABELS,
  ASSET_MAX_VALUE_FEN,
  assetPurchasesApi,
  formatMoney,
  parseYuan,
  type AssetBuyCheck,
  type AssetCategory,
  type EndpointBody,
} from '@egj/shared'
import { asApiError, isUnknownOutcome, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, FormRow, InfoLine, PickerValue } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import { useSubmit } from '../../../../hooks/useSubmit'
import { cleanYuanText } from '../../../../utils/vehicles'
import { AssetNav } from '../../components/AssetNav'
import { assetFieldErrors, BUY_CHECK_CODES, without } from '../../lib/errors'
import { CATEGORY_NAMES, CATEGORY_OPTIONS, whenText } from '../../lib/labels'
import { assetDetailPage } from '../../lib/nav'
import '../../components/ui.scss'
import './index.scss'

interface PurchaseDraft {
  name: string
  quantityText: string
  budgetText: string
  whyNotReuse: string
}

const NEW_PURCHASE: PurchaseDraft = { name: '', quantityText: '1', budgetText: '', whyNotReuse: '' }
const PURCHASE_FIELDS = ['name', 'quantity', 'budgetFen', 'whyNotReuse']

type PurchaseBody = EndpointBody<typeof assetPurchasesApi.create>

/** 购置前查询 (公物仓优先): search the warehouse, get the numbered 查询凭证, then file the purchase against it. */
export default function AssetBuyCheckPage() {
  const gate = useRoleGate(['asset_keeper', 'admin'])
  const actions = useActionDialog()
  const purchases = useResource(() => request(assetPurchasesApi.list), { enabled: !gate })

  const [category, setCategory] = useState<AssetCategory | null>(null)
  const [q, setQ] = useState('')
  const [checkErrors, setCheckErrors] = useState<Record<string, string>>({})
  const [receipt, setReceipt] = useState<AssetBuyCheck | null>(null)
  // a search is logged as a 查询凭证 (a write): one at a time, no key
  const check = useSubmit((query: { category: AssetCategory; q?: string }) => request(assetPurchasesApi.check, { query }))

  const [draft, setDraft] = useState<PurchaseDraft>(NEW_PURCHASE)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const file = useSubmit((body: PurchaseBody, idempotencyKey) => request(assetPurchasesApi.create, { body, idempotencyKey }))

  const runCheck = async () => {
    if (check.busy) return
    if (!category) {
      setCheckErrors({ category: '请选择要购置的资产类别' })
      return
    }
    setCheckErrors({})
    try {
      const answer = await check.submit({ category, q: q.trim() || undefined })
      setReceipt(answer)
      setErrors({})
      setDraft((d) => ({ ...d, name: d.name || answer.q || '' }))
    } catch (e) {
      const error = asApiError(e)
      const fields = assetFieldErrors(error, ['category', 'q'])
      if (Object.keys(fields).length) setCheckErrors(fields)
      else actions.fail(error, { title: '未能查询公物仓' })
    }
  }

  const change = (patch: Partial<PurchaseDraft>, field: string) => {
    setDraft((d) => ({ ...d, ...patch }))
    setErrors((e) => without(e, field))
  }

  const submitPurchase = async (again = false) => {
    if (!receipt || file.busy) return
    const quantity = Number(draft.quantityText)
    const budgetFen = parseYuan(draft.budgetText)
    const out: Record<string, string> = {}
    if (!draft.name.trim()) out.name = '请填写拟购资产名称'
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 10_000) out.quantity = '数量应为 1 ~ 10000'
    if (!draft.budgetText.trim()) out.budgetFen = '请填写预算'
    else if (budgetFen === null || budgetFen < 1 || budgetFen > ASSET_MAX_VALUE_FEN) out.budgetFen = `预算应在 ${formatMoney(1)} ~ ${formatMoney(ASSET_MAX_VALUE_FEN)} 之间`
    if (receipt.matches.length && !draft.whyNotReuse.trim()) out.whyNotReuse = '公物仓有同类可调剂资产，请说明不能调剂使用的原因'
    setErrors(out)
    if (Object.keys(out).length) return
    const body: PurchaseBody = {
      receiptNo: receipt.receiptNo,
      category: receipt.category,
      name: draft.name.trim(),
      quantity,
      budgetFen: budgetFen ?? 0,
      whyNotReuse: draft.whyNotReuse.trim() || undefined,
    }
    try {
      await (again ? file.retry() : file.submit(body))
      toast('已登记购置申请', 'success')
      setDraft(NEW_PURCHASE)
      setReceipt(null)
      void purchases.reload()
    } catch (e) {
      const error = asApiError(e)
      const fields = assetFieldErrors(error, PURCHASE_FIELDS)
      if (Object.keys(fields).length) {
        setErrors(fields)
      } else if (BUY_CHECK_CODES.includes(error.code)) {
        // the 凭证 does not stand behind this purchase (too old, another category or unit): search again
        actions.show({
          title: '需要重新查询公物仓',
          message: error.message,
          choices: [{ text: '重新查询', primary: true, onClick: () => void runCheck() }],
          cancelText: '取消',
        })
      } else {
        actions.fail(error, { title: '未能登记购置申请', retry: isUnknownOutcome(error) ? () => void submitPurchase(true) : undefined, safeRetry: '登记' })
      }
    }
  }

  if (gate) return <Page className='aa-buy'>{gate}</Page>

  return (
    <Page className='aa-buy'>
      <AssetNav current='buy' />
      <View className='aa-buy__intro'>公物仓优先：购置前先查询公物仓，有可调剂的闲置资产应优先调剂使用。查询凭证 {ASSET_BUY_CHECK_VALID_DAYS} 天内有效。</View>
      <Card title='购置前查询'>
        <FormRow label='资产类别' required error={checkErrors.category}>
          <PickerValue
            mode='selector'
            range={CATEGORY_NAMES}
            value={Math.max(0, CATEGORY_OPTIONS.findIndex((o) => o.value === category))}
            text={category ? ASSET_CATEGORY_LABELS[category] : ''}
            placeholder='请选择'
            onChange={(index) => {
              setCategory(CATEGORY_OPTIONS[index]?.value ?? null)
              setCheckErrors({})
            }}
          />
        </FormRow>
        <FormRow label='拟购物品' last error={checkErrors.q}>
          <Input align='right' value={q} maxLength={50} placeholder='名称、品牌或型号（选填）' confirmType='search' onChange={(text) => setQ(text)} onConfirm={() => void runCheck()} />
        </FormRow>
        <View className='aa-buy__go'>
          <Button type='primary' block icon={<Search size={14} color='#ffffff' />} loading={check.busy} onClick={() => void runCheck()}>
            查询公物仓
          </Button>
        </View>
      </Card>

      {receipt && (
        <>
          <View className='aa-buy__receipt'>
            <Text className='aa-buy__receipt-title'>公物仓查询凭证</Text>
            <Text className='aa-buy__receipt-no'>{receipt.receiptNo}</Text>
            <Text className={`aa-buy__verdict ${receipt.matches.length ? 'aa-buy__verdict--found' : ''}`}>{receipt.verdict}</Text>
            <View className='aa-buy__receipt-lines'>
              <InfoLine label='查询单位'>{receipt.unitName}</InfoLine>
              <InfoLine label='类别'>
                {ASSET_CATEGORY_LABELS[receipt.category]}
                {receipt.q ? ` · ${receipt.q}` : ''}
              </InfoLine>
              <InfoLine label='查询时间'>{whenText(receipt.checkedAt)}</InfoLine>
              <InfoLine label='有效期至'>{whenText(receipt.validUntil)}</InfoLine>
            </View>
          </View>

          {receipt.matches.length > 0 && (
            <>
              <View className='aa-head'>
                <Text className='aa-head__title'>可调剂资产 · {receipt.matches.length}</Text>
                <Text className='aa-head__side'>点开可申请调剂或借用</Text>
              </View>
              {receipt.matches.map((asset) => (
                <View key={asset.id} className='aa-item aa-buy__match' onClick={() => void Taro.navigateTo({ url: assetDetailPage(asset.id) })}>
                  {asset.photoUrls[0] ? <Image className='aa-buy__match-img' src={asset.photoUrls[0]} mode='aspectFill' /> : <View className='aa-buy__match-img aa-buy__match-img--none'>无照片</View>}
                  <View className='aa-buy__match-main'>
                    <Text className='aa-item__title'>{asset.name}</Text>
                    <View className='aa-item__line'>{[asset.brand, asset.model].filter(Boolean).join(' ') || ASSET_CATEGORY_LABELS[asset.category]} · {ASSET_CONDITION_LABELS[asset.condition]}</View>
                    <View className='aa-item__muted'>
                      {asset.unitName} · 原值 {formatMoney(asset.originalValueFen)}
                    </View>
                  </View>
                </View>
              ))}
            </>
          )}

          <Card title='登记购置申请'>
            <InfoLine label='查询凭证'>{receipt.receiptNo}</InfoLine>
            <FormRow label='资产名称' required error={errors.name}>
              <Input align='right' value={draft.name} maxLength={50} placeholder='拟购资产名称' onChange={(name) => change({ name }, 'name')} />
            </FormRow>
            <FormRow label='数量' required error={errors.quantity}>
              <Input align='right' type='number' value={draft.quantityText} maxLength={5} onChange={(text) => change({ quantityText: text.replace(/\D/g, '') }, 'quantity')} />
            </FormRow>
            <FormRow label='预算' required error={errors.budgetFen}>
              <Input align='right' type='digit' value={draft.budgetText} placeholder='0.00' onChange={(text) => change({ budgetText: cleanYuanText(text) }, 'budgetFen')} />
              <Text className='vf-row__unit'>元</Text>
            </FormRow>
            <FormRow label={receipt.matches.length ? '不调剂原因' : '说明'} required={receipt.matches.length > 0} stacked last error={errors.whyNotReuse}>
              <TextArea
                className='aa-buy__why'
                value={draft.whyNotReuse}
                maxLength={200}
                showCount
                placeholder={receipt.matches.length ? '公物仓有同类资产，请说明为何不能调剂使用' : '选填'}
                onChange={(whyNotReuse) => change({ whyNotReuse }, 'whyNotReuse')}
              />
            </FormRow>
            <View className='aa-buy__go'>
              <Button type='primary' block size='large' loading={file.busy} onClick={() => void submitPurchase()}>
                登记购置申请
              </Button>
            </View>
          </Card>
        </>
      )}

      <View className='aa-head'>
        <Text className='aa-head__title'>本单位购置申请</Text>
      </View>
      <PageGate
        state={purchases.state}
        needs={['asset_keeper']}
        onRetry={() => void purchases.reload()}
        isEmpty={(list) => list.items.length === 0}
        empty={{ title: '还没有购置申请', description: '购置前请先查询公物仓，凭查询凭证登记' }}
        icon={<Search size={48} color={GREY_ICON} />}
      >
        {(list) => (
          <>
            {list.items.map((p) => (
              <View key={p.id} className='aa-item'>
                <View className='aa-item__top'>
                  <Text className='aa-item__title'>
                    {p.name} × {p.quantity}
                  </Text>
                  <Text className='aa-buy__budget'>{formatMoney(p.budgetFen)}</Text>
                </View>
                <View className='aa-item__line'>
                  {ASSET_CATEGORY_LABELS[p.category]} · 凭证 {p.receiptNo}
                </View>
                {p.whyNotReuse && <View className='aa-item__line'>不调剂原因：{p.whyNotReuse}</View>}
                <View className='aa-item__muted'>
                  {p.unitName} · {p.createdBy} · {whenText(p.createdAt)}
                </View>
              </View>
            ))}
          </>
        )}
      </PageGate>
      <View className='aa-bottom-space' />
      {actions.node}
    </Page>
  )
}
