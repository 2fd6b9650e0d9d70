import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Button, Input } from '@nutui/nutui-react-taro'
import { Order } from '@nutui/icons-react-taro'
import { auditApi, orgUnitsApi, type AuditEntry } from '@egj/shared'
import { errorMessage, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, PickerValue } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { decodeParam } from '../../../../utils/nav'
import { SAVES_TO_DEVICE } from '../../../../utils/platform'
import { formatTime } from '../../../../utils/time'
import { OrgNav } from '../../components/OrgNav'
import { actionText, changeLines, ENTITY_LABELS, subjectText, type AuditNames } from '../../lib/audit-text'
import { downloadAudit } from '../../lib/files'
import '../../components/ui.scss'
import './index.scss'

const ENTITIES = Object.keys(ENTITY_LABELS)

interface More {
  items: AuditEntry[]
  cursor: string | null
  busy: boolean
  problem: string | null
}

/** 操作留痕 (admin): every change to master data — who, when, from where, before → after, why. */
export default function AuditPage() {
  const params = useRouter().params
  const actions = useActionDialog()
  const [entity, setEntity] = useState(() => (params.entity && /^[a-z_]+$/.test(params.entity) ? params.entity : ''))
  const [typedId, setTypedId] = useState(() => decodeParam(params.entityId))
  const [entityId, setEntityId] = useState(typedId)
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [exporting, setExporting] = useState(false)
  const filter = { entity: entity || undefined, entityId: entityId || undefined, from: from || undefined, to: to || undefined }

  const [more, setMore] = useState<More>({ items: [], cursor: null, busy: false, problem: null })
  const list = useResource(
    () =>
      request(auditApi.list, { query: filter }).then((page) => {
        setMore({ items: [], cursor: page.nextCursor, busy: false, problem: null })
        return page
      }),
    { key: [filter] },
  )
  const loadMore = () => {
    if (!more.cursor || more.busy) return
    setMore((m) => ({ ...m, busy: true }))
    request(auditApi.list, { query: { ...filter, cursor: more.cursor } }).then(
      (page) => setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor, busy: false, problem: null })),
      (e: unknown) => setMore((m) => ({ ...m, busy: false, problem: errorMessage(e) })),
    )
  }
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh())
  })

  // unit names, so 上级单位 / 单位 read as names (the log keeps ids)
  const units = useResource(() => request(orgUnitsApi.list).then(({ items }) => new Map(items.map((u) => [u.id, u.name]))))
  const names: AuditNames = { unit: (id) => units.data?.get(id) }

  const exportBook = async () => {
    if (exporting) return
    setExporting(true)
    try {
      await downloadAudit(filter)
      if (SAVES_TO_DEVICE) toast('已导出', 'success')
    } catch (e) {
      actions.fail(e, { title: '未能导出' })
    } finally {
      setExporting(false)
    }
  }

  const entityChoices = ['', ...ENTITIES]
  const filtered = !!(entity || entityId || from || to)
  return (
    <Page className='oa-audit'>
      <OrgNav current='audit' />
      {/* the filters only for whoever may read the log (a refusal is drawn by the gate below alone) */}
      {list.state.status !== 'forbidden' && list.state.status !== 'guest' && (
        <Card>
          <View className='oa-filters oa-audit__filters'>
            <View className='oa-filter'>
              <PickerValue mode='selector' range={entityChoices.map((e) => (e ? ENTITY_LABELS[e] : '全部对象'))} value={Math.max(entityChoices.indexOf(entity), 0)} text={entity ? (ENTITY_LABELS[entity] ?? entity) : '全部对象'} onChange={(i) => setEntity(entityChoices[i] ?? '')} />
            </View>
            <View className='oa-filter'>
              <View className='oa-search oa-audit__id'>
                <Input value={typedId} maxLength={40} placeholder='对象编号' onChange={setTypedId} onBlur={() => setEntityId(typedId.trim())} onConfirm={() => setEntityId(typedId.trim())} />
              </View>
            </View>
          </View>
          <View className='oa-filters'>
            <View className='oa-filter'>
              <PickerValue mode='date' value={from} end={to || undefined} text={from ? `从 ${from}` : ''} placeholder='开始日期' onChange={setFrom} />
            </View>
            <View className='oa-filter'>
              <PickerValue mode='date' value={to} start={from || undefined} text={to ? `至 ${to}` : ''} placeholder='结束日期' onChange={setTo} />
            </View>
          </View>
          <View className='oa-audit__tools'>
            {filtered ? (
              <Text
                className='oa-audit__clear'
                onClick={() => {
                  setEntity('')
                  setTypedId('')
                  setEntityId('')
                  setFrom('')
                  setTo('')
                }}
              >
                清除筛选
              </Text>
            ) : (
              <Text className='oa-audit__hint'>最新的在前</Text>
            )}
            <Button size='small' fill='outline' type='primary' loading={exporting} onClick={() => void exportBook()}>
              导出 Excel
            </Button>
          </View>
        </Card>
      )}

      <PageGate state={list.state} needs={['admin']} icon={<Order size={48} color={GREY_ICON} />} onRetry={() => void list.reload()}>
        {(page) => {
          const rows = [...page.items, ...more.items]
          return (
            <Card>
              {rows.length === 0 && <View className='vf-empty-line'>{filtered ? '没有符合条件的记录' : '还没有修改记录'}</View>}
              {rows.map((entry) => (
                <AuditRow key={entry.id} entry={entry} names={names} />
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
          )
        }}
      </PageGate>
      {actions.node}
    </Page>
  )
}

function AuditRow({ entry, names }: { entry: AuditEntry; names: AuditNames }) {
  const lines = changeLines(entry, names)
  return (
    <View className='oa-item'>
      <View className='oa-item__top'>
        <Text className='oa-item__title'>{actionText(entry.action, entry.entity)}</Text>
        <Text className='oa-item__side'>{subjectText(entry)}</Text>
      </View>
      {lines.length > 0 && (
        <View className='oa-audit__changes'>
          {lines.map((line) => (
            <View key={line.field} className='oa-audit__change'>
              <Text className='oa-audit__field'>{line.field}</Text>
              {line.before !== null && <Text className='oa-audit__before'>{line.before}</Text>}
              {line.before !== null && line.after !== null && <Text className='oa-audit__arrow'>→</Text>}
              {line.after !== null && <Text className='oa-audit__after'>{line.after}</Text>}
            </View>
          ))}
        </View>
      )}
      {entry.reason && <View className='oa-item__line'>原因：{entry.reason}</View>}
      <View className='oa-item__muted'>
        {entry.actorName} · {formatTime(entry.at)}
        {entry.ip ? ` · ${entry.ip}` : ''}
      </View>
    </View>
  )
}
