import { Text, View } from '@tarojs/components'
import { Repairman } from '@nutui/icons-react-taro'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import { RepairNav } from '../../components/RepairNav'
import { TicketRow } from '../../components/TicketRow'
import { WORK_SECTION_LABELS, workSections, type WorkSection } from '../../lib/lists'
import { useTicketPages } from '../../lib/useTicketPages'
import '../../components/ui.scss'

const SECTIONS: WorkSection[] = ['today', 'doing', 'done']
const NONE: Record<WorkSection, string> = { today: '今天没有要接单或到期的任务', doing: '没有其他进行中的任务', done: '还没有完工的任务' }
const QUERY = { as: 'worker' as const, limit: 50 }

/** 我的维修任务 (维修人员): 今日 (to accept, due today or late), 进行中, 已完工; tap one to work it on its page. */
export default function RepairWorkPage() {
  const gate = useRoleGate(['repair_worker'], { icon: <Repairman size={48} color={GREY_ICON} /> })
  const { list, items, more, loadMore, now } = useTicketPages(QUERY, !gate)

  if (gate) return <Page className='ra-work'>{gate}</Page>

  return (
    <Page className='ra-work'>
      <RepairNav current='work' />
      <PageGate
        state={list.state}
        needs={['repair_worker']}
        icon={<Repairman size={48} color={GREY_ICON} />}
        onRetry={() => void list.reload()}
        isEmpty={(page) => page.items.length === 0}
        empty={{ title: '还没有派给您的维修任务', description: '调度员派单后，任务会出现在这里' }}
      >
        {() => {
          const sections = workSections(items, now)
          return (
            <>
              {SECTIONS.map((section) => (
                <View key={section}>
                  <View className='ra-head'>
                    <Text className='ra-head__title'>{WORK_SECTION_LABELS[section]}</Text>
                    <Text className='ra-head__side'>{sections[section].length} 件</Text>
                  </View>
                  {sections[section].length ? sections[section].map((item) => <TicketRow key={item.id} item={item} now={now} holder={false} />) : <View className='ra-empty-line'>{NONE[section]}</View>}
                </View>
              ))}
              {more.cursor ? (
                <View className='ra-more' onClick={loadMore}>
                  {more.busy ? '加载中…' : more.problem ? `${more.problem}，点此重试` : '加载更多'}
                </View>
              ) : (
                <View className='ra-more ra-more--muted'>没有更多了</View>
              )}
              <View className='ra-bottom-space' />
            </>
          )
        }}
      </PageGate>
    </Page>
  )
}
