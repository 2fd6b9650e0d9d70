import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { Failure } from '@nutui/icons-react-taro'
import { ID_TYPE_LABELS, idNumberProblem, visitAdminApi, type IdType } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, FormRow } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { IdFields } from '../../../../components/VisitFields'
import { useResource } from '../../../../hooks/useResource'
import { formatTime } from '../../../../utils/time'
import { fieldErrorsOf } from '../../../../utils/visits'
import { AdminNav } from '../../components/AdminNav'

/** 黑名单 (admin): by ID number; a blocked visitor's booking is refused and the gate sees 黑名单. */
export default function BlocklistPage() {
  const list = useResource(() => request(visitAdminApi.blocklist))
  const actions = useActionDialog()
  const [idType, setIdType] = useState<IdType>('id_card')
  const [idNumber, setIdNumber] = useState('')
  const [name, setName] = useState('')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [adding, setAdding] = useState(false)

  const add = async () => {
    const problems: Record<string, string> = {}
    const idProblem = idNumber.trim() ? idNumberProblem(idType, idNumber) : '请填写证件号码'
    if (idProblem) problems.idNumber = idProblem
    if (!reason.trim()) problems.reason = '请填写原因'
    setErrors(problems)
    if (Object.keys(problems).length || adding) return
    setAdding(true)
    try {
      await request(visitAdminApi.block, { body: { idType, idNumber: idNumber.trim(), name: name.trim() || undefined, reason: reason.trim() } })
      toast('已加入黑名单', 'success')
      setIdNumber('')
      setName('')
      setReason('')
      void list.reload()
    } catch (e) {
      const error = asApiError(e)
      const fields = fieldErrorsOf(error)
      if (error.code === 'VISIT_BLOCKLIST_EXISTS') setErrors({ idNumber: error.message })
      else if (Object.keys(fields).length) setErrors(fields)
      else actions.fail(error, { title: '未能加入' })
    } finally {
      setAdding(false)
    }
  }

  const remove = (id: number, who: string) =>
    actions.show({
      title: `将 ${who} 移出黑名单？`,
      message: '移出后此证件可以再次预约来访',
      choices: [
        {
          text: '移出黑名单',
          danger: true,
          onClick: () =>
            void request(visitAdminApi.unblock, { params: { id } })
              .then(() => {
                toast('已移出', 'success')
                void list.reload()
              })
              .catch((e: unknown) => actions.fail(e, { title: '未能移出' })),
        },
      ],
      cancelText: '取消',
    })

  return (
    <Page className='va-blocklist'>
      <PageGate state={list.state} needs={['admin']} icon={<Failure size={48} color={GREY_ICON} />} onRetry={() => void list.reload()}>
        {(data) => (
          <>
            <AdminNav current='blocklist' />
            <Card title='加入黑名单'>
              <IdFields
                idType={idType}
                idNumber={idNumber}
                error={errors.idNumber}
                onChange={(doc) => {
                  setIdType(doc.idType)
                  setIdNumber(doc.idNumber)
                  setErrors(({ idNumber: _, ...rest }) => rest)
                }}
              />
              <FormRow label='姓名'>
                <Input align='right' value={name} maxLength={32} placeholder='选填' onChange={setName} />
              </FormRow>
              <FormRow label='原因' required last error={errors.reason}>
                <Input align='right' value={reason} maxLength={100} placeholder='如 多次冒用他人证件' onChange={(text) => {
                  setReason(text)
                  setErrors(({ reason: _, ...rest }) => rest)
                }} />
              </FormRow>
              <View className='vf-actions' style={{ margin: '16px 0 0' }}>
                <Button type='danger' block loading={adding} onClick={() => void add()}>
                  加入黑名单
                </Button>
              </View>
            </Card>
            <Card title={`黑名单 ${data.items.length} 人`}>
              {data.items.length === 0 && <View className='vf-empty-line'>黑名单为空</View>}
              {data.items.map((entry) => (
                <View key={entry.id} className='va-item'>
                  <View className='va-item__top'>
                    <Text className='va-item__title'>{entry.name ?? '未留姓名'}</Text>
                    <Text className='va-remove' onClick={() => remove(entry.id, entry.name ?? entry.idNumberMasked)}>
                      移出
                    </Text>
                  </View>
                  <View className='va-item__line'>
                    {ID_TYPE_LABELS[entry.idType]} {entry.idNumberMasked}
                  </View>
                  <View className='va-item__line'>原因：{entry.reason}</View>
                  <View className='va-item__muted'>
                    {entry.createdBy} · {formatTime(entry.createdAt)}
                  </View>
                </View>
              ))}
            </Card>
          </>
        )}
      </PageGate>
      {actions.node}
    </Page>
  )
}
