import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Order } from '@nutui/icons-react-taro'
import { SUPERVISION_STATUS_LABELS, supervisionApi, type SupervisionItem, type SupervisionStatus } from '@egj/shared'
import { request } from '../../../../api/client'
import { Segmented } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { useCursorList } from '../../../../hooks/useCursorList'
import { todayInShanghai } from '../../../../utils/time'
import { dueLine, redText, returnedText, STATUS_TONES, supervisionPage, SUPERVISION_TABS } from '../../lib/supervision'
import '../../components/supervision.scss'

const EMPTY: Record<SupervisionStatus, { title: string; description: string }> = {
  open: { title: '没有待整改的督办', description: '指标亮红灯时，会为相关单位发起督办' },
  replied: { title: '没有待销号的督办', description: '单位回复整改情况后，等待管理中心销号的督办在这里' },
  closed: { title: '还没有已销号的督办', description: '管理中心销号后的督办在这里' },
}

/**
 * 督办: the items a red light opened, by where they stand. The centre and leaders see every unit's;
 * a unit's approver only their own (the server scopes the list). Opened on `status` when asked
 * (home's 待办 opens 待整改).
 */
export default function SupervisionListPage() {
  const asked = useRouter().params.status
  const [tab, setTab] = useState<SupervisionStatus>(() => SUPERVISION_TABS.find((t) => t.value === asked)?.value ?? 'open')
  const list = useCursorList((cursor) => request(supervisionApi.list, { query: { status: tab, cursor } }), [tab])
  const today = todayInShanghai()

  return (
    <Page className='sv-list'>
      <View className='sv-tabs'>
        <Segmented options={SUPERVISION_TABS} value={tab} onChange={setTab} />
      </View>
      <PageGate
        state={list.state}
        guest='登录后查看督办'
        needs={['leader', 'approver']}
        icon={<Order size={48} color={GREY_ICON} />}
        onRetry={() => void list.reload()}
        isEmpty={(page) => !page.items.length}
        empty={EMPTY[tab]}
      >
        {(page) => (
          <>
            {page.items.map((item) => (
              <SupervisionRow key={item.id} item={item} today={today} />
            ))}
            {page.nextCursor ? (
              <View className='sv-more sv-more--link' onClick={() => void list.loadMore()}>
                {list.more.busy ? '加载中…' : list.more.problem ? `${list.more.problem}，点此重试` : '加载更多'}
              </View>
            ) : (
              <View className='sv-more'>没有更多了</View>
            )}
          </>
        )}
      </PageGate>
    </Page>
  )
}

/** One 督办: indicator, 已逾期 / 退回 N 次, status; the unit; when and at what it went red; the due day. */
function SupervisionRow({ item, today }: { item: SupervisionItem; today: string }) {
  const due = dueLine(item, today)
  const returned = returnedText(item.returnedCount)
  return (
    <View className='sv-row' onClick={() => void Taro.navigateTo({ url: supervisionPage(item.id) })}>
      <View className='sv-row__top'>
        <Text className='sv-row__what'>{item.indicatorName}</Text>
        {due.late && (
          <Pill tone='red' solid>
            已逾期
          </Pill>
        )}
        {returned && <Pill tone='orange'>{returned}</Pill>}
        <View className='sv-row__status'>
          <Pill tone={STATUS_TONES[item.status]}>{SUPERVISION_STATUS_LABELS[item.status]}</Pill>
        </View>
      </View>
      <View className='sv-row__unit'>{item.unitName}</View>
      <View className='sv-row__line'>{redText(item, today)}</View>
      <View className={`sv-row__line ${due.late ? 'sv-row__late' : ''}`}>{due.text}</View>
    </View>
  )
}
