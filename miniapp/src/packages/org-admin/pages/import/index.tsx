import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { UserAdd } from '@nutui/icons-react-taro'
import { orgImportApi, STAFF_IMPORT_MAX_BYTES, type StaffImportResult } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, Stat } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON } from '../../../../components/PageGate'
import { Pill } from '../../../../components/Pill'
import { toast } from '../../../../components/Toaster'
import { useRoleGate } from '../../../../hooks/useRoleGate'
import { useSubmit } from '../../../../hooks/useSubmit'
import { chooseXlsxFile, SAVES_TO_DEVICE, type ChosenFile } from '../../../../utils/platform'
import { OrgNav } from '../../components/OrgNav'
import { downloadStaffList, downloadTemplate } from '../../lib/files'
import './index.scss'
import '../../components/ui.scss'

/** How many error and change lines show before 显示更多. */
const SHOWN = 30

const sizeText = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`)

/**
 * 人员导入: the template, a workbook chosen on the phone (or the computer), a dry run that shows
 * row by row what would happen, then the import of exactly that (the dry run's `plan`). 导出名单 too.
 */
export default function ImportPage() {
  const gate = useRoleGate(['admin', 'unit_admin'], { icon: <UserAdd size={48} color={GREY_ICON} /> })
  const actions = useActionDialog()
  const [file, setFile] = useState<ChosenFile | null>(null)
  const [fileProblem, setFileProblem] = useState<string | null>(null)
  const [preview, setPreview] = useState<StaffImportResult | null>(null)
  const [done, setDone] = useState<StaffImportResult | null>(null)
  const [shownErrors, setShownErrors] = useState(SHOWN)
  const [shownRows, setShownRows] = useState(SHOWN)
  const [downloading, setDownloading] = useState<'template' | 'export' | null>(null)

  // both runs are keyed (the endpoint is idempotent): a retry after no answer resends the same key
  const dryRun = useSubmit((body: { file: ChosenFile }, key) => request(orgImportApi.run, { query: { dryRun: 'true' }, file: body.file.bytes, idempotencyKey: key }), {
    same: (a, b) => a.file === b.file,
  })
  const commit = useSubmit(
    (body: { file: ChosenFile; plan: string }, key) => request(orgImportApi.run, { query: { dryRun: 'false', plan: body.plan }, file: body.file.bytes, idempotencyKey: key }),
    { same: (a, b) => a.file === b.file && a.plan === b.plan },
  )

  const runPreview = async (chosen: ChosenFile, again = false) => {
    setPreview(null)
    setDone(null)
    setFileProblem(null)
    setShownErrors(SHOWN)
    setShownRows(SHOWN)
    try {
      setPreview(await (again ? dryRun.retry() : dryRun.submit({ file: chosen })))
    } catch (e) {
      const error = asApiError(e)
      // the workbook itself is wrong (not a workbook, wrong columns, formulas, too many rows): said under the file
      if (error.code.startsWith('ORG_IMPORT_') || error.status === 413 || error.status === 415) setFileProblem(error.message)
      else actions.fail(error, { title: '预览未完成', retry: () => void runPreview(chosen, true) })
    }
  }

  const choose = async () => {
    let chosen: ChosenFile | null
    try {
      chosen = await chooseXlsxFile()
    } catch (e) {
      actions.fail(e, { title: '未能选择文件' })
      return
    }
    if (!chosen) return
    setFile(chosen)
    if (chosen.size > STAFF_IMPORT_MAX_BYTES) {
      setPreview(null)
      setDone(null)
      setFileProblem(`文件 ${sizeText(chosen.size)}，超过 ${sizeText(STAFF_IMPORT_MAX_BYTES)}，请分批导入`)
      return
    }
    await runPreview(chosen)
  }

  const confirm = async (again = false) => {
    if (!file || !preview) return
    try {
      const result = await (again ? commit.retry() : commit.submit({ file, plan: preview.plan }))
      setDone(result)
      setPreview(null)
      toast('导入完成', 'success')
    } catch (e) {
      const error = asApiError(e)
      if (error.code === 'ORG_IMPORT_PLAN_CHANGED') {
        actions.show({
          title: '需要重新预览',
          message: error.message,
          choices: [{ text: '重新预览', primary: true, onClick: () => void runPreview(file) }],
          cancelText: '取消',
        })
      } else actions.fail(error, { title: '导入未完成', retry: () => void confirm(true), safeRetry: '导入' })
    }
  }

  const download = async (what: 'template' | 'export') => {
    if (downloading) return
    setDownloading(what)
    try {
      await (what === 'template' ? downloadTemplate() : downloadStaffList({ status: 'active' }))
      if (SAVES_TO_DEVICE) toast(what === 'template' ? '模板已下载' : '名单已下载', 'success')
    } catch (e) {
      actions.fail(e, { title: what === 'template' ? '模板未能下载' : '名单未能导出' })
    } finally {
      setDownloading(null)
    }
  }

  if (gate) return <Page className='oa-import'>{gate}</Page>

  const changing = preview ? preview.created + preview.updated : 0
  const errorRows = preview ? new Set(preview.errors.filter((e) => e.row > 0).map((e) => e.row)).size : 0
  return (
    <Page className='oa-import'>
      <OrgNav current='import' />
      <Card title='从 Excel 导入人员'>
        <View className='oa-import__step'>
          <Text className='oa-import__num'>1</Text>
          <View className='oa-import__body'>
            <View className='oa-import__title'>下载模板，按模板填写</View>
            <View className='oa-note'>姓名、手机号、单位必填；部门/职务、浙政钉/钉钉 userId、角色选填</View>
          </View>
          <Button size='small' fill='outline' type='primary' loading={downloading === 'template'} onClick={() => void download('template')}>
            下载模板
          </Button>
        </View>
        <View className='oa-import__step'>
          <Text className='oa-import__num'>2</Text>
          <View className='oa-import__body'>
            <View className='oa-import__title'>选择填好的文件，先预览</View>
            <View className='oa-note'>{file ? `${file.name} · ${sizeText(file.size)}` : '.xlsx，不超过 5 MB；微信中请从聊天记录选择'}</View>
          </View>
          <Button size='small' type='primary' loading={dryRun.busy} onClick={() => void choose()}>
            {file ? '重新选择' : '选择文件'}
          </Button>
        </View>
        {fileProblem && <View className='oa-error'>{fileProblem}</View>}
        {dryRun.busy && <View className='oa-note oa-import__busy'>正在逐行检查…</View>}
      </Card>

      {preview && (
        <>
          <Card title='预览结果'>
            <View className='oa-stats'>
              <Stat label='新增' value={preview.created} tone='blue' />
              <Stat label='更新' value={preview.updated} tone='orange' />
              <Stat label='不变' value={preview.unchanged} />
              <Stat label='错误' value={errorRows} tone={errorRows ? 'red' : undefined} />
            </View>
            {changing === 0 && !errorRows && <View className='oa-ok'>表格与现有人员一致，无需导入</View>}
            {errorRows > 0 && <View className='oa-note'>有错误的 {errorRows} 行不会导入；改正后重新选择文件预览，或先导入其余各行。</View>}
            {changing > 0 && (
              <View className='oa-actions'>
                <Button type='primary' block loading={commit.busy} onClick={() => void confirm()}>
                  确认导入（新增 {preview.created} · 更新 {preview.updated}）
                </Button>
              </View>
            )}
          </Card>

          {preview.errors.length > 0 && (
            <Card title={`错误 · ${errorRows} 行`}>
              {preview.errors.slice(0, shownErrors).map((e, i) => (
                <View key={`${e.row}-${e.field}-${i}`} className='oa-item oa-import__line'>
                  {e.row > 0 && (
                    <View className='oa-import__where'>
                      第 {e.row} 行{e.field ? ` · ${e.field}` : ''}
                    </View>
                  )}
                  <View className='oa-import__error'>{e.message}</View>
                </View>
              ))}
              {preview.errors.length > shownErrors && (
                <View className='oa-more'>
                  <Button block fill='outline' type='primary' onClick={() => setShownErrors((n) => n + SHOWN * 3)}>
                    显示更多错误（还有 {preview.errors.length - shownErrors} 条）
                  </Button>
                </View>
              )}
            </Card>
          )}

          {preview.rows.length > 0 && (
            <Card title={`将新增 ${preview.created} 人 · 更新 ${preview.updated} 人`}>
              {preview.rows.slice(0, shownRows).map((row) => (
                <View key={row.row} className='oa-item oa-import__line'>
                  <View className='oa-item__top'>
                    <Text className='oa-item__title'>{row.name}</Text>
                    <Pill tone={row.action === 'create' ? 'blue' : 'orange'} className='oa-item__pill'>
                      {row.action === 'create' ? '新增' : '更新'}
                    </Pill>
                    <Text className='oa-item__side'>第 {row.row} 行</Text>
                  </View>
                  <View className='oa-item__line'>
                    {row.mobileMasked} · {row.unitName}
                  </View>
                  {row.changes.length > 0 && <View className='oa-item__muted'>变更：{row.changes.join('、')}</View>}
                </View>
              ))}
              {preview.rows.length > shownRows && (
                <View className='oa-more'>
                  <Button block fill='outline' type='primary' onClick={() => setShownRows((n) => n + SHOWN * 3)}>
                    显示更多（还有 {preview.rows.length - shownRows} 行）
                  </Button>
                </View>
              )}
              {changing > preview.rows.length && <View className='oa-note'>仅列出前 {preview.rows.length} 行，导入时全部 {changing} 行都会处理。</View>}
            </Card>
          )}
        </>
      )}

      {done && (
        <Card title='导入完成'>
          <View className='oa-stats'>
            <Stat label='新增' value={done.created} tone='blue' />
            <Stat label='更新' value={done.updated} tone='orange' />
            <Stat label='不变' value={done.unchanged} />
          </View>
          <View className='oa-ok'>每一项变更都已记入操作留痕。再次导入同一文件不会产生变化。</View>
        </Card>
      )}

      <Card title='导出名单'>
        <View className='oa-import__step oa-import__step--last'>
          <View className='oa-import__body'>
            <View className='oa-note oa-import__export-note'>在岗人员的名单，列与导入模板相同，可修改后再导入</View>
          </View>
          <Button size='small' fill='outline' type='primary' loading={downloading === 'export'} onClick={() => void download('export')}>
            导出名单
          </Button>
        </View>
      </Card>
      {actions.node}
    </Page>
  )
}
