import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { UserAdd } from '@nutui/icons-react-taro'
import { idNumberProblem, VISIT_MAX_COMPANIONS, visitInvitationsApi, type IdType } from '@egj/shared'
import { asApiError, request } from '../../../../api/client'
import { useActionDialog } from '../../../../components/ActionDialog'
import { Card, InfoLine } from '../../../../components/Form'
import { Page } from '../../../../components/Page'
import { GREY_ICON, PageGate } from '../../../../components/PageGate'
import { toast } from '../../../../components/Toaster'
import { CompanionsEditor, companionProblems, companionsBody, IdFields, type CompanionDraft } from '../../../../components/VisitFields'
import { useResource } from '../../../../hooks/useResource'
import { decodeParam } from '../../../../utils/nav'
import { fieldErrorsOf, visitPassPage, windowText } from '../../../../utils/visits'
import './index.scss'

/** 来访邀请: the visitor opens the host's link, adds the ID details, and the visit is approved at once. */
export default function VisitAcceptPage() {
  const token = decodeParam(useRouter().params.token)
  const invitation = useResource(() => request(visitInvitationsApi.view, { params: { token } }), { key: [token] })
  const [idType, setIdType] = useState<IdType>('id_card')
  const [idNumber, setIdNumber] = useState('')
  const [companions, setCompanions] = useState<CompanionDraft[]>([])
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const actions = useActionDialog()
  // also shown inside 邀请访客's page (the link the BFF sends opens that one with ?token=)
  useEffect(() => void Taro.setNavigationBarTitle({ title: '来访邀请' }).catch(() => undefined), [])

  const accept = async () => {
    const problems: Record<string, string> = { ...companionProblems(companions) }
    const idProblem = idNumber.trim() ? idNumberProblem(idType, idNumber) : '请填写证件号码'
    if (idProblem) problems.idNumber = idProblem
    setErrors(problems)
    if (Object.keys(problems).length || busy) return
    setBusy(true)
    try {
      const visit = await request(visitInvitationsApi.accept, { params: { token }, body: { idType, idNumber: idNumber.trim(), companions: companionsBody(companions) } })
      toast('预约成功', 'success')
      void Taro.redirectTo({ url: visitPassPage(visit.id) })
    } catch (e) {
      const error = asApiError(e)
      const fields = fieldErrorsOf(error)
      if (Object.keys(fields).length) setErrors(fields)
      else actions.fail(error, { title: '未能完成' })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Page className='visit-accept'>
      <PageGate
        state={invitation.state}
        guest='登录后接受来访邀请'
        guestHint='访客可用手机号或微信登录，登录后回到本页'
        icon={<UserAdd size={48} color={GREY_ICON} />}
        errorTitle={(e) => (e.code === 'VISIT_INVITATION_INVALID' || e.code === 'VALIDATION_FAILED' ? '邀请链接无效' : undefined)}
        onRetry={() => void invitation.reload()}
      >
        {(inv) => (
          <>
            <View className='visit-accept__head'>
              <View className='visit-accept__hello'>{inv.visitorName}，您好</View>
              <View className='visit-accept__text'>
                <Text className='visit-accept__host'>{inv.host.name}</Text>
                {inv.host.unitName ? `（${inv.host.unitName}）` : ''}邀请您来访
              </View>
            </View>
            <Card title='来访信息'>
              <InfoLine label='来访时间' strong>
                {windowText(inv.startAt, inv.endAt)}
              </InfoLine>
              <InfoLine label='来访事由'>{inv.purpose}</InfoLine>
              <InfoLine label='手机号'>{inv.mobileMasked}</InfoLine>
              <InfoLine label='车牌号'>{inv.plateNo ?? '无车辆'}</InfoLine>
            </Card>
            {inv.acceptedVisitId ? (
              <View className='vf-actions'>
                <View className='visit-accept__done'>您已填写过证件信息，来访已通过</View>
                <Button type='primary' size='large' block onClick={() => void Taro.redirectTo({ url: visitPassPage(inv.acceptedVisitId as number) })}>
                  查看通行码
                </Button>
              </View>
            ) : (
              <>
                <Card title='补全证件信息'>
                  <IdFields
                    idType={idType}
                    idNumber={idNumber}
                    error={errors.idNumber}
                    last
                    onChange={(doc) => {
                      setIdType(doc.idType)
                      setIdNumber(doc.idNumber)
                      setErrors(({ idNumber: _, ...rest }) => rest)
                    }}
                  />
                  <CompanionsEditor value={companions} errors={errors} max={VISIT_MAX_COMPANIONS} onChange={setCompanions} />
                </Card>
                <View className='vf-actions'>
                  <Button type='primary' size='large' block loading={busy} onClick={() => void accept()}>
                    确认来访
                  </Button>
                  <View className='visit-accept__note'>证件信息加密保存，仅用于入园核验</View>
                </View>
              </>
            )}
          </>
        )}
      </PageGate>
      {actions.node}
    </Page>
  )
}
