import { useEffect, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Input, Switch } from '@nutui/nutui-react-taro'
import { Category, Del, Plus, QrCode } from '@nutui/icons-react-taro'
import {
  ASSET_CATEGORY_LABELS,
  ASSET_CONDITION_LABELS,
  ASSET_MAX_PHOTOS,
  ASSET_PHOTO_MAX_BYTES,
  ASSET_MAX_VALUE_FEN,
  ASSET_STATUS_LABELS,
  assetsApi,
  formatMoney,
  parseYuan,
  type AssetCategory,
  type AssetCondition,
  type AssetDetail,
  type EndpointBody,
} from '@egj/shared'
import { asApiError, isUnknownOutcome, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, FormRow, InfoLine, PickerValue, Segmented } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { ReasonDialog, type ReasonAsk } from '../../../../components/ReasonDialog'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import { useSubmit } from '../../../../hooks/useSubmit'
import { chooseImages } from '../../../../utils/platform'
import { todayInShanghai } from '../../../../utils/time'
import { cleanYuanText } from '../../../../utils/vehicles'
import { assetFieldErrors, without } from '../../lib/errors'
import { assetQrDataUrl, openAssetQrSheet } from '../../lib/files'
import { CATEGORY_NAMES, CATEGORY_OPTIONS, CONDITION_OPTIONS, STATUS_TONES, whenText } from '../../lib/labels'
import { assetDetailPage } from '../../lib/nav'
import { checkPhoto } from '../../../../utils/photo-check'
import '../../components/ui.scss'
import './index.scss'

interface Draft {
  name: string
  category: AssetCategory | null
  brand: string
  model: string
  condition: AssetCondition
  valueText: string
  acquiredOn: string
  location: string
  /** 放入公物仓（闲置） */
  idle: boolean
  /** 修改原因 (edit only) */
  reason: string
}

const NEW_ASSET: Draft = { name: '', category: null, brand: '', model: '', condition: 'good', valueText: '', acquiredOn: '', location: '', idle: false, reason: '' }
const draftOf = (a: AssetDetail): Draft => ({
  name: a.name,
  category: a.category,
  brand: a.brand ?? '',
  model: a.model ?? '',
  condition: a.condition,
  valueText: '',
  acquiredOn: a.acquiredOn,
  location: a.location,
  idle: a.status === 'idle',
  reason: '',
})
const FORM_FIELDS = ['name', 'category', 'brand', 'model', 'condition', 'originalValueFen', 'acquiredOn', 'location', 'idle', 'status', 'reason']

type CreateBody = EndpointBody<typeof assetsApi.create>

/** 登记资产 (no id) / 编辑资产 (`?id=`): the form; once the asset exists, its code (编号 and QR), photos and 报废. */
export default function AssetEditPage() {
  const gate = useRoleGate(['asset_keeper', 'admin'])
  const routed = Number(useRouter().params.id)
  const [id, setId] = useState(Number.isSafeInteger(routed) && routed > 0 ? routed : 0)
  /** registered on this page just now: say so above the code */
  const [created, setCreated] = useState(false)
  const asset = useResource(() => request(assetsApi.get, { params: { id } }), { key: [id], enabled: !gate && id > 0 })
  const actions = useActionDialog()
  // once it exists the page edits it — or, when it cannot be changed (报废, another unit's), shows it
  const editable = asset.data?.can.edit ?? true
  useEffect(() => {
    if (id) Taro.setNavigationBarTitle({ title: editable ? '编辑资产' : '资产信息' }).catch(() => undefined)
  }, [id, editable])
  const [ask, setAsk] = useState<ReasonAsk | null>(null)

  const [draft, setDraft] = useState<Draft>(NEW_ASSET)
  /** the asset the draft was taken from (a reload or a photo does not reset what is being typed) */
  const [draftOfAsset, setDraftOfAsset] = useState<AssetDetail | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)
  const [uploading, setUploading] = useState(false)

  // the form starts from the asset once it is loaded (and again after each save)
  if (asset.data && asset.data.id !== draftOfAsset?.id) {
    setDraftOfAsset(asset.data)
    setDraft(draftOf(asset.data))
  }

  const change = (patch: Partial<Draft>, ...fields: string[]) => {
    setDraft((d) => ({ ...d, ...patch }))
    if (fields.length) setErrors((e) => without(e, ...fields))
  }

  const create = useSubmit((body: CreateBody, idempotencyKey) => request(assetsApi.create, { body, idempotencyKey }))

  /** What the form says is wrong before anything is sent. */
  const check = (mode: 'create' | 'edit'): Record<string, string> => {
    const out: Record<string, string> = {}
    if (!draft.name.trim()) out.name = '请填写资产名称'
    if (!draft.category) out.category = '请选择类别'
    if (!draft.location.trim()) out.location = '请填写存放地点'
    if (mode === 'create') {
      const fen = parseYuan(draft.valueText)
      if (!draft.valueText.trim()) out.originalValueFen = '请填写原值'
      else if (fen === null || fen > ASSET_MAX_VALUE_FEN) out.originalValueFen = `原值应在 ${formatMoney(0)} ~ ${formatMoney(ASSET_MAX_VALUE_FEN)} 之间`
      if (!draft.acquiredOn) out.acquiredOn = '请选择取得日期'
      else if (draft.acquiredOn > todayInShanghai()) out.acquiredOn = '取得日期不能晚于今天'
    }
    return out
  }

  const refused = (e: unknown, title: string, retry?: () => void) => {
    const error = asApiError(e)
    const fields = assetFieldErrors(error, FORM_FIELDS)
    if (fields.status && !fields.idle) fields.idle = fields.status
    if (Object.keys(fields).length) setErrors(fields)
    else actions.fail(error, { title, retry, safeRetry: retry ? '登记' : undefined })
  }

  const submitCreate = async (again = false) => {
    const problems = check('create')
    setErrors(problems)
    if (Object.keys(problems).length || !draft.category) return
    const body: CreateBody = {
      name: draft.name.trim(),
      category: draft.category,
      brand: draft.brand.trim() || undefined,
      model: draft.model.trim() || undefined,
      condition: draft.condition,
      originalValueFen: parseYuan(draft.valueText) ?? 0,
      acquiredOn: draft.acquiredOn,
      location: draft.location.trim(),
      idle: draft.idle,
    }
    try {
      const detail = again ? await create.retry() : await create.submit(body)
      toast('已登记', 'success')
      setCreated(true)
      setDraftOfAsset(detail)
      setDraft(draftOf(detail))
      asset.set(detail)
      setId(detail.id)
    } catch (e) {
      refused(e, '未能登记', isUnknownOutcome(asApiError(e)) ? () => void submitCreate(true) : undefined)
    }
  }

  const submitEdit = async (current: AssetDetail) => {
    if (saving) return
    const problems = check('edit')
    setErrors(problems)
    if (Object.keys(problems).length || !draft.category) return
    const body: EndpointBody<typeof assetsApi.update> = {}
    if (draft.name.trim() !== current.name) body.name = draft.name.trim()
    if (draft.category !== current.category) body.category = draft.category
    if (draft.brand.trim() !== (current.brand ?? '')) body.brand = draft.brand.trim()
    if (draft.model.trim() !== (current.model ?? '')) body.model = draft.model.trim()
    if (draft.condition !== current.condition) body.condition = draft.condition
    if (draft.location.trim() !== current.location) body.location = draft.location.trim()
    if ((current.status === 'idle' || current.status === 'in_use') && draft.idle !== (current.status === 'idle')) body.status = draft.idle ? 'idle' : 'in_use'
    if (!Object.keys(body).length) {
      toast('没有需要保存的修改')
      return
    }
    if (draft.reason.trim()) body.reason = draft.reason.trim()
    setSaving(true)
    try {
      const detail = await request(assetsApi.update, { params: { id: current.id }, body })
      asset.set(detail)
      setDraftOfAsset(detail)
      setDraft(draftOf(detail))
      toast('已保存', 'success')
    } catch (e) {
      refused(e, '未能保存')
    } finally {
      setSaving(false)
    }
  }

  // --- photos ---------------------------------------------------------------------------------
  const addPhotos = async (current: AssetDetail) => {
    if (uploading) return
    const room = ASSET_MAX_PHOTOS - current.photos.length
    if (room <= 0) {
      setErrors((e) => ({ ...e, photos: `每件资产最多 ${ASSET_MAX_PHOTOS} 张照片，请先删除一张` }))
      return
    }
    let picked: Awaited<ReturnType<typeof chooseImages>>
    try {
      picked = await chooseImages(room)
    } catch (e) {
      actions.fail(e, { title: '未能选择照片' })
      return
    }
    if (!picked.length) return
    const problems: string[] = []
    if (picked.length > room) problems.push(`最多还能添加 ${room} 张，多选的未上传`)
    setErrors((e) => without(e, 'photos'))
    setUploading(true)
    try {
      for (const photo of picked.slice(0, room)) {
        const checked = checkPhoto(photo, ASSET_PHOTO_MAX_BYTES)
        if (!checked.ok) {
          problems.push(checked.problem)
          continue
        }
        try {
          asset.set(await request(assetsApi.addPhoto, { params: { id: current.id }, file: photo.bytes, fileType: checked.type }))
        } catch (e) {
          const error = asApiError(e)
          const field = assetFieldErrors(error, ['photos']).photos
          if (!field) {
            actions.fail(error, { title: '照片未能上传' })
            break
          }
          problems.push(field)
          if (error.code === 'ASSET_PHOTOS_FULL') break
        }
      }
    } finally {
      setUploading(false)
    }
    if (problems.length) setErrors((e) => ({ ...e, photos: problems.join('；') }))
    else toast('照片已上传', 'success')
  }

  const removePhoto = (current: AssetDetail, photoId: number) => {
    actions.show({
      title: '删除这张照片？',
      message: '删除后不能恢复，可以重新上传。',
      choices: [
        {
          text: '删除',
          danger: true,
          onClick: () =>
            void request(assetsApi.removePhoto, { params: { id: current.id, photoId } }).then(
              (detail) => {
                asset.set(detail)
                setErrors((e) => without(e, 'photos'))
                toast('已删除', 'success')
              },
              (e: unknown) => actions.fail(e, { title: '未能删除照片' }),
            ),
        },
      ],
      cancelText: '取消',
    })
  }

  // --- 报废 --------------------------------------------------------------------------------------
  const askDisposal = (current: AssetDetail) =>
    setAsk({
      title: '申请报废',
      message: `「${current.name}」提交后由机关事务管理中心审批；同意后移出公物仓，履历保留。`,
      placeholder: '报废原因，如 主板损坏无维修价值',
      confirmText: '提交报废申请',
      danger: true,
      onConfirm: async (reason) => {
        try {
          await request(assetsApi.dispose, { params: { id: current.id }, body: { reason } })
        } catch (e) {
          throw asApiError(e).message
        }
        toast('已提交报废申请', 'success')
        void asset.reload()
      },
    })

  const print = async (current: AssetDetail) => {
    try {
      const result = await openAssetQrSheet([current.id])
      if (result === 'use-computer') toast('请在电脑浏览器中打开本页打印')
      else if (result === 'blocked') toast('浏览器拦截了新窗口，请允许弹出窗口后重试', 'warn')
    } catch (e) {
      actions.fail(e, { title: '未能生成资产码' })
    }
  }

  if (gate) return <Page className='aa-edit'>{gate}</Page>

  const form = (mode: 'create' | 'edit', current?: AssetDetail) => (
    <Card title={mode === 'create' ? '资产信息' : '修改资产信息'}>
      <FormRow label='名称' required error={errors.name}>
        <Input align='right' value={draft.name} maxLength={50} placeholder='如 办公桌、笔记本电脑' onChange={(name) => change({ name }, 'name')} />
      </FormRow>
      <FormRow label='类别' required error={errors.category}>
        <PickerValue
          mode='selector'
          range={CATEGORY_NAMES}
          value={Math.max(0, CATEGORY_OPTIONS.findIndex((o) => o.value === draft.category))}
          text={draft.category ? ASSET_CATEGORY_LABELS[draft.category] : ''}
          placeholder='请选择'
          onChange={(index) => change({ category: CATEGORY_OPTIONS[index]?.value ?? null }, 'category')}
        />
      </FormRow>
      <FormRow label='品牌' error={errors.brand}>
        <Input align='right' value={draft.brand} maxLength={30} placeholder='选填' onChange={(brand) => change({ brand }, 'brand')} />
      </FormRow>
      <FormRow label='规格型号' error={errors.model}>
        <Input align='right' value={draft.model} maxLength={50} placeholder='选填' onChange={(model) => change({ model }, 'model')} />
      </FormRow>
      <FormRow label='状况' stacked error={errors.condition}>
        <Segmented className='aa-edit__seg' options={CONDITION_OPTIONS} value={draft.condition} onChange={(condition) => change({ condition }, 'condition')} />
      </FormRow>
      {mode === 'create' ? (
        <>
          <FormRow label='原值' required error={errors.originalValueFen}>
            <Input align='right' type='digit' value={draft.valueText} placeholder='0.00' onChange={(text) => change({ valueText: cleanYuanText(text) }, 'originalValueFen')} />
            <Text className='vf-row__unit'>元</Text>
          </FormRow>
          <FormRow label='取得日期' required error={errors.acquiredOn}>
            <PickerValue mode='date' value={draft.acquiredOn || todayInShanghai()} end={todayInShanghai()} text={draft.acquiredOn} placeholder='请选择' onChange={(acquiredOn) => change({ acquiredOn }, 'acquiredOn')} />
          </FormRow>
        </>
      ) : (
        current && (
          <>
            <FormRow label='原值' hint='原值与取得日期登记后不能修改'>
              <Text className='aa-edit__fixed'>{formatMoney(current.originalValueFen)}</Text>
            </FormRow>
            <FormRow label='取得日期'>
              <Text className='aa-edit__fixed'>{whenText(current.acquiredOn)}</Text>
            </FormRow>
          </>
        )
      )}
      <FormRow label='存放地点' required error={errors.location}>
        <Input align='right' value={draft.location} maxLength={50} placeholder='如 3 楼 305 室' onChange={(location) => change({ location }, 'location')} />
      </FormRow>
      {(mode === 'create' || current?.status === 'idle' || current?.status === 'in_use') && (
        <FormRow label='放入公物仓' hint='闲置资产各单位可见，可申请调剂或借用' error={errors.idle} last={mode === 'create'}>
          <Text className='aa-edit__switch-text'>{draft.idle ? '闲置' : '在用'}</Text>
          <Switch checked={draft.idle} onChange={(idle) => change({ idle }, 'idle')} />
        </FormRow>
      )}
      {mode === 'edit' && (
        <FormRow label='修改原因' last error={errors.reason}>
          <Input align='right' value={draft.reason} maxLength={100} placeholder='选填，记入履历' onChange={(reason) => change({ reason }, 'reason')} />
        </FormRow>
      )}
    </Card>
  )

  if (!id) {
    return (
      <Page className='aa-edit'>
        {form('create')}
        <View className='aa-edit__hint'>登记后生成终身资产码（二维码与编号），可打印贴在资产上，再上传照片。</View>
        <View className='aa-buttons'>
          <Button type='primary' size='large' block loading={create.busy} onClick={() => void submitCreate()}>
            登记并生成资产码
          </Button>
        </View>
        <View className='aa-bottom-space' />
        {actions.node}
      </Page>
    )
  }

  return (
    <Page className='aa-edit'>
      <PageGate
        state={asset.state}
        needs={['asset_keeper']}
        icon={<Category size={48} color={GREY_ICON} />}
        onRetry={() => void asset.reload()}
        errorTitle={(error) => (error.code === 'NOT_FOUND' ? '资产不存在' : undefined)}
      >
        {(current) => (
          <>
            {created && <View className='aa-edit__done'>登记成功：已生成资产码，请打印贴在资产上，并上传照片</View>}
            <CodeCard asset={current} onPrint={() => void print(current)} />

            <Card title={current.can.edit ? `照片（${current.photos.length}/${ASSET_MAX_PHOTOS}）` : '照片'}>
              <View className='aa-edit__photos'>
                {current.photos.map((photo) => (
                  <View key={photo.id} className='aa-edit__photo'>
                    <Image className='aa-edit__photo-img' src={photo.url} mode='aspectFill' onClick={() => void Taro.previewImage({ urls: current.photos.map((p) => p.url), current: photo.url })} />
                    {current.can.edit && (
                      <View className='aa-edit__photo-del' onClick={() => removePhoto(current, photo.id)}>
                        <Del size={14} color='#ffffff' />
                      </View>
                    )}
                  </View>
                ))}
                {current.can.edit && current.photos.length < ASSET_MAX_PHOTOS && (
                  <View className='aa-edit__photo aa-edit__photo--add' onClick={() => void addPhotos(current)}>
                    <Plus size={22} color='var(--egj-primary)' />
                    <Text className='aa-edit__photo-add-text'>{uploading ? '上传中…' : '上传照片'}</Text>
                  </View>
                )}
              </View>
              {errors.photos ? (
                <View className='vf-row__error aa-edit__photo-error'>{errors.photos}</View>
              ) : current.can.edit ? (
                <View className='aa-edit__photo-hint'>JPEG 或 PNG，每张不超过 2 MB，最多 {ASSET_MAX_PHOTOS} 张</View>
              ) : (
                !current.photos.length && <View className='aa-edit__photo-hint'>没有照片</View>
              )}
            </Card>

            {current.can.edit ? (
              <>
                {form('edit', current)}
                <View className='aa-buttons'>
                  <Button type='primary' size='large' block loading={saving} onClick={() => void submitEdit(current)}>
                    保存修改
                  </Button>
                </View>
              </>
            ) : (
              <Card title='资产信息'>
                <InfoLine label='名称'>{current.name}</InfoLine>
                <InfoLine label='类别'>{ASSET_CATEGORY_LABELS[current.category]}</InfoLine>
                <InfoLine label='品牌型号'>{[current.brand, current.model].filter(Boolean).join(' ') || '—'}</InfoLine>
                <InfoLine label='状况'>{ASSET_CONDITION_LABELS[current.condition]}</InfoLine>
                <InfoLine label='原值'>{formatMoney(current.originalValueFen)}</InfoLine>
                <InfoLine label='取得日期'>{whenText(current.acquiredOn)}</InfoLine>
                <InfoLine label='存放地点'>{current.location}</InfoLine>
              </Card>
            )}

            {current.status === 'disposed' ? (
              <View className='aa-notice'>该资产已报废，已移出公物仓，履历保留。</View>
            ) : current.openDisposalId ? (
              <View className='aa-notice'>已申请报废，等待机关事务管理中心审批。</View>
            ) : null}
            <View className='aa-buttons'>
              <Button type='primary' fill='outline' size='large' block onClick={() => void Taro.navigateTo({ url: assetDetailPage(current.id) })}>
                查看详情与履历
              </Button>
              {current.can.dispose && current.status !== 'disposed' && !current.openDisposalId && (
                <Button type='danger' fill='outline' size='large' block onClick={() => askDisposal(current)}>
                  申请报废
                </Button>
              )}
            </View>
            <View className='aa-bottom-space' />
          </>
        )}
      </PageGate>
      <ReasonDialog ask={ask} onClose={() => setAsk(null)} />
      {actions.node}
    </Page>
  )
}

/** The asset's code: QR, 编号, status, and the label to print. */
function CodeCard({ asset, onPrint }: { asset: AssetDetail; onPrint: () => void }) {
  const qr = useResource(() => assetQrDataUrl(asset.id), { key: [asset.id], refreshOnShow: false })
  return (
    <Card title='资产码' extra={<Pill tone={STATUS_TONES[asset.status]}>{ASSET_STATUS_LABELS[asset.status]}</Pill>}>
      <View className='aa-edit__code'>
        <View className='aa-edit__qr'>
          {qr.state.status === 'ready' ? (
            <Image className='aa-edit__qr-img' src={qr.state.data} mode='aspectFit' showMenuByLongpress />
          ) : qr.state.status === 'loading' ? (
            <Text className='aa-edit__qr-text'>正在生成资产码…</Text>
          ) : (
            <View className='aa-edit__qr-failed' onClick={() => void qr.reload()}>
              <Text className='aa-edit__qr-text'>资产码加载失败</Text>
              <Text className='aa-edit__qr-retry'>点此重试</Text>
            </View>
          )}
        </View>
        <View className='aa-edit__code-side'>
          <Text className='aa-edit__code-label'>编号</Text>
          <Text className='aa-edit__short'>{asset.shortCode}</Text>
          <Text className='aa-edit__code-name'>{asset.name}</Text>
          <Text className='aa-edit__code-unit'>{asset.unitName}</Text>
          <View className='aa-action aa-action--blue aa-edit__print' onClick={onPrint}>
            <QrCode size={14} color='var(--egj-primary)' />
            <Text className='aa-edit__print-text'>打印标签</Text>
          </View>
        </View>
      </View>
      <View className='aa-edit__code-hint'>一物一码，终身不变；扫码可查看资产、办理借用交付与归还、盘点。</View>
    </Card>
  )
}
