import { createHash, randomBytes } from 'node:crypto'
import type { InvitationAccept, InvitationCreate, InvitationCreated, InvitationView, Parsed, Visit } from '@egj/shared'
import { h5Url, PAGES, pageUrl } from '@egj/shared'
import type { Db, Tx } from '../../../db/client'
import { withTransaction } from '../../../db/client'
import type { AuthUser } from '../../../lib/auth'
import { AppError } from '../../../lib/errors'
import { idempotent } from '../../../lib/idempotency'
import type { PiiVault } from '../../../lib/pii'
import type { NotificationService } from '../../notifications/notifications.service'
import { presentVisit } from '../common/visit.presenter'
import * as rows from '../common/visit-row.repo'
import { assertNotBlocked, checkDistinctPeople, checkWindow, formatWindow, sealCompanions, sealIdNumber, sealMobile } from '../common/visit-rules'
import { presentInvitation } from './invitations.presenter'
import * as repo from './invitations.repo'

export interface InvitationServiceDeps {
  db: Db
  pii: PiiVault
  notifications: NotificationService
  /** the H5 app's address: the link is opened in a browser or WeChat */
  publicBaseUrl: string
  now?: () => Date
}

/** Only the token's sha256 is stored: a database reader cannot open anyone's invitation. */
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex')

/** A host invites a visitor by link; the visitor completes the ID details and the visit is approved at once. */
export class InvitationService {
  private readonly now: () => Date
  constructor(private readonly deps: InvitationServiceDeps) {
    this.now = deps.now ?? (() => new Date())
  }

  async create(user: AuthUser, input: Parsed<typeof InvitationCreate>, idempotencyKey: string): Promise<Parsed<typeof InvitationCreated>> {
    const { db, pii, publicBaseUrl } = this.deps
    const now = this.now()
    const request = { userId: user.id, scope: 'visits.invite', key: idempotencyKey, body: input }
    const work = async (tx: Tx) => {
      checkWindow(input.startAt, input.endAt, now)
      const host = await rows.findActiveStaff(tx, user.id)
      if (!host) throw new AppError('FORBIDDEN', undefined, '只有在职并属于单位的工作人员可以邀请访客')
      const token = randomBytes(32).toString('base64url')
      const id = await rows.insertVisit(tx, {
        status: 'invited',
        source: 'invitation',
        visitorName: input.visitorName,
        ...sealMobile(pii, input.mobile),
        purpose: input.purpose,
        hostUserId: host.id,
        hostUnitId: host.unitId,
        startAt: input.startAt,
        endAt: input.endAt,
        plateNo: input.plateNo ?? null,
        inviteTokenHash: tokenHash(token),
        createdByUserId: user.id,
        createdAt: now,
      })
      // The answer (with the link) is kept with the Idempotency-Key for 48 h so a retry shows the
      // same link — sealed like personal data: the link's token is the key to the invitation, which
      // the visits table keeps only as its sha256.
      return { id, response: { id, inviteUrl: pii.seal(h5Url(publicBaseUrl, pageUrl(PAGES.visitInvite, { token }))) } }
    }
    const { response } = await idempotent(db, request, { work })
    // answers stored before links were sealed are the plain URL
    return { id: response.id, inviteUrl: /^https?:/.test(response.inviteUrl) ? response.inviteUrl : pii.open(response.inviteUrl) }
  }

  async view(token: string): Promise<Parsed<typeof InvitationView>> {
    const view = await repo.findByInviteHash(this.deps.db, tokenHash(token))
    if (!view || view.visit.status === 'cancelled') throw new AppError('VISIT_INVITATION_INVALID')
    return presentInvitation(view)
  }

  /**
   * The invited visitor completes the details. The row is locked, so of two people opening the
   * same link only the first gets the visit; the same person accepting again gets it back.
   */
  async accept(user: AuthUser, token: string, input: Parsed<typeof InvitationAccept>): Promise<Visit> {
    const { db, pii, notifications } = this.deps
    const now = this.now()
    const id = await withTransaction(db, async (tx) => {
      const visit = await rows.lockVisitByInviteHash(tx, tokenHash(token))
      if (!visit || visit.status === 'cancelled') throw new AppError('VISIT_INVITATION_INVALID')
      if (visit.status !== 'invited') {
        if (visit.visitorUserId === user.id) return visit.id
        throw new AppError('VISIT_INVITATION_USED')
      }
      if (visit.endAt.getTime() <= now.getTime()) throw new AppError('VISIT_INVITATION_INVALID', undefined, '邀请的来访时间已过，请联系邀请人重新邀请')
      checkDistinctPeople(input.idNumber, input.companions)
      await assertNotBlocked(tx, pii, [input.idNumber, ...input.companions.map((c) => c.idNumber)], 'VISIT_NOT_ACCEPTED')
      // the host invited this visitor: the invitation is the host's approval
      await rows.updateVisit(tx, visit.id, {
        status: 'approved',
        visitorUserId: user.id,
        idType: input.idType,
        ...sealIdNumber(pii, input.idNumber),
        decidedByUserId: visit.hostUserId,
        decidedAt: now,
        passNonce: randomBytes(16).toString('hex'),
      })
      await rows.insertCompanions(tx, visit.id, sealCompanions(pii, input.companions))
      await notifications.notify(tx, visit.hostUserId, {
        title: '访客已确认来访',
        body: `${visit.visitorName} 已填写证件信息，${formatWindow(visit.startAt, visit.endAt)} 的来访已生效。`,
        link: pageUrl(PAGES.visitDetail, { id: visit.id }),
      })
      return visit.id
    })
    return presentVisit((await rows.findVisitView(db, id))!, user)
  }
}
