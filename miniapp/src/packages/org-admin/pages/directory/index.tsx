import { useEffect, useState, type ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Processing } from '@nutui/icons-react-taro'
import { directorySyncApi, type DirectoryDiff } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, Stat } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { Pill, type PillTone } from '../../../../components/Pill'
import { toast } from '../../../../components/Toaster'
import { useResource } from '../../../../hooks/useResource'
import { useSubmit } from '../../../../hooks/useSubmit'
import { formatTime } from '../../../../utils/time'
import { OrgNav } from '../../components/OrgNav'
import { personPage } from '../../lib/nav'
import '../../components/ui.scss'
import './index.scss'

const STATUS: Record<DirectoryDiff['status'], { text: string; tone: PillTone }> = {
  running: { text: '同步中', tone: 'blue' },
  ready: { text: '待应用', tone: 'orange' },
  applied: { text: '已应用', tone: 'green' },
  failed: { text: '同步失败', tone: 'red' },
}

/** How many lines of each list show before 显示全部. */
const SHOWN = 20

/**
 * 通讯录同步 (admin): what 浙政钉 / 钉钉 has that we do not (新增), has differently (变更), no longer
 * has (已不在通讯录: listed, never deleted) and what was left out (跳过, with why); 立即同步 reads the
 * directory again, 应用 creates and updates as listed.
 */
export default function DirectoryPage() {
  const { state, reload, set } = useResource(() => request(directorySyncApi.last))
  const actions = useActionDialog()
  const run = useSubmit(() => request(directorySyncApi.run))
  const apply = useSubmit((id: number) => request(directorySyncApi.apply, { body: { id } }))

  // a run in progress (another admin's, or the nightly job): ask again until it is done
  const running = state.status === 'ready' && state.data.last?.status === 'running'
  useEffect(() => {
    if (!running) return
    const timer = setInterval(() => void reload(), 3000)
    return () => clearInterval(timer)
  }, [running, reload])

  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })

  const syncNow = async () => {
    try {
      const diff = await run.submit(undefined)
      set({ last: diff })
      if (diff.status === 'failed') return
      toast('已读取通讯录', 'success')
    } catch (e) {
      const error = asApiError(e)
      if (error.code === 'DIRECTORY_SYNC_RUNNING') toast(error.message)
      else actions.fail(error, { title: '同步未完成' })
    }
  }

  const askApply = (diff: DirectoryDiff) =>
    actions.show({
      title: '应用这次同步？',
      message: `将新增 ${diff.added.length} 人、更新 ${diff.changed.length} 人。已不在通讯录的 ${diff.gone.length} 人不会被删除或停用，请逐一核实。`,
      choices: [
        {
          text: '应用',
          primary: true,
          onClick: () =>
            void apply.submit(diff.id).then(
              (result) => {
                set({ last: result.diff })
                toast(`已新增 ${result.created} 人，更新 ${result.updated} 人`, 'success')
              },
              (e: unknown) => {
                const error = asApiError(e)
                actions.fail(error, { title: error.code === 'DIRECTORY_SYNC_STALE' ? '差异已过期' : '未能应用' })
                if (error.code === 'DIRECTORY_SYNC_STALE') void reload()
              },
            ),
        },
      ],
      cancelText: '取消',
    })

  return (
    <Page className='oa-directory'>
      <OrgNav current='directory' />
      <PageGate state={state} needs={['admin']} icon={<Processing size={48} color={GREY_ICON} />} onRetry={() => void reload()}>
        {({ last }) => (
          <>
            <Card title='浙政钉 / 钉钉通讯录'>
              {last ? (
                <>
                  <View className='oa-dir__when'>
                    <Text>上次同步 {formatTime(last.ranAt)}</Text>
                    <Pill tone={STATUS[last.status].tone} className='oa-item__pill'>
                      {STATUS[last.status].text}
                    </Pill>
                  </View>
                  {last.appliedAt && <View className='oa-note'>已于 {formatTime(last.appliedAt)} 应用</View>}
                  {last.error && <View className='oa-error'>{last.error}</View>}
                  {last.status === 'running' && <View className='oa-note'>正在读取通讯录，读完后这里会列出差异…</View>}
                  {last.status !== 'failed' && last.status !== 'running' && (
                    <View className='oa-stats'>
                      <Stat label='新增' value={last.added.length} tone='blue' />
                      <Stat label='变更' value={last.changed.length} tone='orange' />
                      <Stat label='已不在通讯录' value={last.gone.length} tone={last.gone.length ? 'red' : undefined} />
                      <Stat label='跳过' value={last.skipped.length} />
                    </View>
                  )}
                </>
              ) : (
                <View className='oa-note'>还没有同步过。同步只读取通讯录并列出差异，应用后才会新增或更新人员，不会删除任何人。</View>
              )}
              <View className='oa-actions'>
                {last?.status === 'ready' && last.added.length + last.changed.length > 0 && (
                  <Button type='primary' block loading={apply.busy} onClick={() => askApply(last)}>
                    应用（新增 {last.added.length} · 更新 {last.changed.length}）
                  </Button>
                )}
                <Button type='primary' fill={last?.status === 'ready' && last.added.length + last.changed.length > 0 ? 'outline' : 'solid'} block loading={run.busy || running} onClick={() => void syncNow()}>
                  立即同步
                </Button>
              </View>
            </Card>

            {last && last.status !== 'failed' && last.status !== 'running' && (
              <>
                <Section title='新增' count={last.added.length} empty='通讯录中没有新的人员'>
                  {(shown) =>
                    last.added.slice(0, shown).map((p) => (
                      <View key={p.dingtalkUserId} className='oa-item'>
                        <View className='oa-item__top'>
                          <Text className='oa-item__title'>{p.name}</Text>
                          <Text className='oa-item__side'>{p.mobileMasked ?? '无手机号'}</Text>
                        </View>
                        <View className='oa-item__line'>
                          {p.departmentName ?? '无部门'}
                          {p.position ? ` · ${p.position}` : ''}
                        </View>
                      </View>
                    ))
                  }
                </Section>
                <Section title='变更' count={last.changed.length} empty='没有信息变化的人员'>
                  {(shown) =>
                    last.changed.slice(0, shown).map((p) => (
                      <View key={p.dingtalkUserId} className='oa-item' onClick={() => void Taro.navigateTo({ url: personPage(p.userId) })}>
                        <View className='oa-item__top'>
                          <Text className='oa-item__title'>{p.name}</Text>
                          <Text className='oa-item__side'>{p.departmentName ?? ''}</Text>
                        </View>
                        <View className='oa-item__line'>{p.changes.join('；')}</View>
                      </View>
                    ))
                  }
                </Section>
                <Section title='已不在通讯录' count={last.gone.length} empty='没有人离开通讯录' note='不会自动删除或停用。确认离岗的，请在人员详情中停用。'>
                  {(shown) =>
                    last.gone.slice(0, shown).map((p) => (
                      <View key={p.userId} className='oa-item' onClick={() => void Taro.navigateTo({ url: personPage(p.userId) })}>
                        <View className='oa-item__top'>
                          <Text className='oa-item__title'>{p.name}</Text>
                          <Text className='oa-item__side'>{p.unitName ?? ''}</Text>
                        </View>
                        <View className='oa-item__muted'>userId {p.dingtalkUserId}</View>
                      </View>
                    ))
                  }
                </Section>
                <Section title='跳过' count={last.skipped.length} empty='没有跳过的人员'>
                  {(shown) =>
                    last.skipped.slice(0, shown).map((p) => (
                      <View key={p.dingtalkUserId} className='oa-item'>
                        <View className='oa-item__top'>
                          <Text className='oa-item__title'>{p.name}</Text>
                          <Text className='oa-item__side'>{p.dingtalkUserId}</Text>
                        </View>
                        <View className='oa-item__line oa-dir__reason'>{p.reason}</View>
                      </View>
                    ))
                  }
                </Section>
              </>
            )}
          </>
        )}
      </PageGate>
      {actions.node}
    </Page>
  )
}

/** One list of the diff, its first lines and 显示全部. */
function Section({ title, count, empty, note, children }: { title: string; count: number; empty: string; note?: string; children: (shown: number) => ReactNode }) {
  const [shown, setShown] = useState(SHOWN)
  return (
    <Card title={`${title} · ${count}`}>
      {note && count > 0 && <View className='oa-note oa-dir__note'>{note}</View>}
      {count === 0 ? <View className='vf-empty-line'>{empty}</View> : children(shown)}
      {count > shown && (
        <View className='oa-more'>
          <Button block fill='outline' type='primary' onClick={() => setShown(count)}>
            显示全部（还有 {count - shown} 人）
          </Button>
        </View>
      )}
    </Card>
  )
}
