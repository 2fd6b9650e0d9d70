import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Button, Input, Popup } from '@nutui/nutui-react-taro'
import { Checked, CheckNormal, Location as LocationIcon, Plus, QrCode } from '@nutui/icons-react-taro'
import { locationsApi, type Location } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Chips, FormRow } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import { useSubmit } from '../../../../hooks/useSubmit'
import { RepairNav } from '../../components/RepairNav'
import { repairFieldErrors, without } from '../../lib/errors'
import { openLocationQrSheet } from '../../lib/files'
import { groupLocations } from '../../lib/locations'
import '../../components/ui.scss'
import './index.scss'

interface Draft {
  building: string
  floor: string
  spot: string
}
interface Sheet {
  location: Location | null
  draft: Draft
  errors: Record<string, string>
}
const FIELDS = ['building', 'floor', 'spot']
const ALL = '__all__'

function problemsOf(d: Draft): Record<string, string> {
  const out: Record<string, string> = {}
  if (!d.building.trim()) out.building = '请填写楼宇'
  if (!d.floor.trim()) out.floor = '请填写楼层'
  if (!d.spot.trim()) out.spot = '请填写位置'
  return out
}

/** 报修地点 (报修调度员, the centre): places with a code — grouped by building and floor — added, renamed, 停用, and their codes printed. */
export default function RepairLocationsPage() {
  const gate = useRoleGate(['repair_dispatcher', 'admin'], { icon: <LocationIcon size={48} color={GREY_ICON} /> })
  const list = useResource(() => request(locationsApi.list, { query: { includeInactive: '1' } }), { enabled: !gate })
  const [building, setBuilding] = useState<string>(ALL)
  const [sheet, setSheet] = useState<Sheet | null>(null)
  const [selecting, setSelecting] = useState(false)
  const [selected, setSelected] = useState<number[]>([])
  const actions = useActionDialog()

  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh())
  })

  const save = useSubmit(({ id, body }: { id: number | null; body: Draft }) => (id ? request(locationsApi.update, { params: { id }, body }) : request(locationsApi.create, { body })))
  const switching = useSubmit(({ id, active }: { id: number; active: boolean }) => request(locationsApi.update, { params: { id }, body: { active } }))

  const openNew = () => {
    const last = building !== ALL ? building : (list.data?.items[0]?.building ?? '')
    setSheet({ location: null, draft: { building: last, floor: '', spot: '' }, errors: {} })
  }
  const openEdit = (l: Location) => setSheet({ location: l, draft: { building: l.building, floor: l.floor, spot: l.spot }, errors: {} })
  const edit = (patch: Partial<Draft>, ...fields: string[]) => setSheet((s) => (s ? { ...s, draft: { ...s.draft, ...patch }, errors: without(s.errors, ...fields) } : s))

  const submit = async () => {
    if (!sheet || save.busy) return
    const problems = problemsOf(sheet.draft)
    if (Object.keys(problems).length) return setSheet({ ...sheet, errors: problems })
    const body = { building: sheet.draft.building.trim(), floor: sheet.draft.floor.trim(), spot: sheet.draft.spot.trim() }
    try {
      const saved = await save.submit({ id: sheet.location?.id ?? null, body })
      toast(sheet.location ? '已保存' : `已新增，编号 ${saved.shortCode}`, 'success')
      setSheet(null)
      void list.reload()
    } catch (e) {
      const error = asApiError(e)
      const fields = repairFieldErrors(error, FIELDS)
      if (Object.keys(fields).length) setSheet((s) => (s ? { ...s, errors: fields } : s))
      else actions.fail(error, { title: '未能保存' })
    }
  }

  const setActive = async (l: Location, active: boolean) => {
    if (switching.busy) return
    try {
      await switching.submit({ id: l.id, active })
      toast(active ? '已启用' : '已停用', 'success')
      void list.reload()
    } catch (e) {
      actions.fail(e, { title: active ? '未能启用' : '未能停用' })
    }
  }
  const askDisable = (l: Location) =>
    actions.show({
      title: '停用报修地点',
      message: `停用后扫「${l.name}」的位置码不能再报修，已报的工单不受影响。可随时重新启用。`,
      choices: [{ text: '停用', danger: true, onClick: () => void setActive(l, false) }],
      cancelText: '取消',
    })

  const print = async (ids?: number[]) => {
    try {
      const result = await openLocationQrSheet(ids)
      if (result === 'use-computer') toast('请在电脑浏览器中打开本页打印')
      else if (result === 'blocked') toast('浏览器拦截了新窗口，请允许弹出窗口后重试', 'warn')
      else if (ids?.length) {
        setSelecting(false)
        setSelected([])
      }
    } catch (e) {
      actions.fail(e, { title: '未能生成位置码' })
    }
  }
  const toggle = (id: number) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]))

  if (gate) return <Page className='ra-locations'>{gate}</Page>

  const buildings = [...new Set((list.data?.items ?? []).map((l) => l.building))]
  const shown = (list.data?.items ?? []).filter((l) => building === ALL || l.building === building)
  const shownActiveIds = shown.filter((l) => l.active).map((l) => l.id)

  return (
    <Page className='ra-locations'>
      <RepairNav current='locations' />
      <View className='ra-tools'>
        <Button type='primary' icon={<Plus size={14} color='#ffffff' />} onClick={openNew}>
          新增地点
        </Button>
        <Button
          type='primary'
          fill='outline'
          icon={<QrCode size={14} />}
          onClick={() => {
            setSelecting((on) => !on)
            setSelected([])
          }}
        >
          {selecting ? '取消选择' : '打印位置码'}
        </Button>
      </View>
      {selecting && (
        <View className='ra-notice rl-select-hint'>
          <Text>勾选要打印的地点，或</Text>
          <Text className='rl-link' onClick={() => setSelected(selected.length === shownActiveIds.length ? [] : shownActiveIds)}>
            {selected.length === shownActiveIds.length && shownActiveIds.length ? '全不选' : `全选${building === ALL ? '' : '本楼宇'}启用中的 ${shownActiveIds.length} 个`}
          </Text>
        </View>
      )}
      {buildings.length > 1 && (
        <View className='rl-filter'>
          <Chips options={[{ value: ALL, label: '全部楼宇' }, ...buildings.map((b) => ({ value: b, label: b }))]} value={building}
            onChange={(b) => {
              setBuilding(b)
              setSelected([])
            }}
          />
        </View>
      )}
      <PageGate
        state={list.state}
        needs={['repair_dispatcher']}
        icon={<LocationIcon size={48} color={GREY_ICON} />}
        onRetry={() => void list.reload()}
        isEmpty={(data) => data.items.length === 0}
        empty={{ title: '还没有报修地点', description: '新增楼宇、楼层和位置（如卫生间、茶水间），打印位置码贴在现场，扫码即可报修', action: { text: '新增地点', onClick: openNew } }}
      >
        {() => (
          <>
            {groupLocations(shown).map((group) => (
              <View key={group.building}>
                <View className='ra-head'>
                  <Text className='ra-head__title'>{group.building}</Text>
                  <Text className='ra-head__side'>{group.count} 个地点</Text>
                </View>
                {group.floors.map((floor) => (
                  <View key={floor.floor} className='rl-floor'>
                    <View className='rl-floor__name'>{floor.floor}</View>
                    {floor.items.map((l) => (
                      <View key={l.id} className={`rl-row ${l.active ? '' : 'rl-row--off'}`}>
                        {selecting && (
                          <View className='rl-row__check' onClick={() => l.active && toggle(l.id)}>
                            {!l.active ? null : selected.includes(l.id) ? <Checked size={22} color='var(--egj-primary)' /> : <CheckNormal size={22} color='#c0c4cc' />}
                          </View>
                        )}
                        <View className='rl-row__main' onClick={() => (selecting ? l.active && toggle(l.id) : openEdit(l))}>
                          <View className='rl-row__spot'>
                            <Text>{l.spot}</Text>
                            {!l.active && (
                              <Pill tone='gray' className='ra-item__pill'>
                                已停用
                              </Pill>
                            )}
                          </View>
                          <View className='rl-row__code'>编号 {l.shortCode}</View>
                        </View>
                        {!selecting && (
                          <View className='rl-row__actions'>
                            {l.active && (
                              <View className='ra-action ra-action--blue' onClick={() => void print([l.id])}>
                                打印
                              </View>
                            )}
                            <View className={`ra-action ${l.active ? 'ra-action--red' : 'ra-action--blue'}`} onClick={() => (l.active ? askDisable(l) : void setActive(l, true))}>
                              {l.active ? '停用' : '启用'}
                            </View>
                          </View>
                        )}
                      </View>
                    ))}
                  </View>
                ))}
              </View>
            ))}
            <View className={selecting ? 'rl-bar-space' : 'ra-bottom-space'} />
          </>
        )}
      </PageGate>

      {selecting && (
        <View className='rl-bar'>
          <Text className='rl-bar__text'>已选 {selected.length} 个</Text>
          <Button type='primary' disabled={!selected.length} onClick={() => void print(selected)}>
            打印所选位置码
          </Button>
        </View>
      )}

      <Popup visible={!!sheet} position='bottom' round closeable title={sheet?.location ? '修改报修地点' : '新增报修地点'} onClose={() => !save.busy && setSheet(null)}>
        {sheet && (
          <View className='ra-sheet'>
            <FormRow label='楼宇' required error={sheet.errors.building}>
              <Input align='right' value={sheet.draft.building} maxLength={30} placeholder='如 行政中心A座' onChange={(v) => edit({ building: v }, 'building', 'spot')} />
            </FormRow>
            {!sheet.location && buildings.length > 0 && (
              <View className='rl-suggest'>
                {buildings.slice(0, 6).map((b) => (
                  <View key={b} className={`rl-suggest__item ${b === sheet.draft.building ? 'rl-suggest__item--on' : ''}`} onClick={() => edit({ building: b }, 'building', 'spot')}>
                    {b}
                  </View>
                ))}
              </View>
            )}
            <FormRow label='楼层' required error={sheet.errors.floor}>
              <Input align='right' value={sheet.draft.floor} maxLength={10} placeholder='如 5楼、B1' onChange={(v) => edit({ floor: v }, 'floor', 'spot')} />
            </FormRow>
            <FormRow label='位置' required last error={sheet.errors.spot} hint={sheet.location ? `编号 ${sheet.location.shortCode}：改名后已贴的位置码仍然有效` : '保存后生成位置码和编号'}>
              <Input align='right' value={sheet.draft.spot} maxLength={30} placeholder='如 东侧卫生间' onChange={(v) => edit({ spot: v }, 'spot')} />
            </FormRow>
            <View className='ra-sheet__save'>
              <Button type='primary' size='large' block loading={save.busy} onClick={() => void submit()}>
                {sheet.location ? '保存' : '新增并生成位置码'}
              </Button>
            </View>
          </View>
        )}
      </Popup>
      {actions.node}
    </Page>
  )
}
