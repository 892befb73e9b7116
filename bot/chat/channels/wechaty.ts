/**
 * WeChat through wechaty: the only importer of 'wechaty'. The puppet is chosen by configuration
 * (name and token); a puppet that needs a scan shows its QR code in the terminal. Login, logout,
 * reconnect and errors are logged (without names); one bad message never stops the channel.
 */
import QRCode from 'qrcode'
import { type Contact, type Message, type Room, type Wechaty, WechatyBuilder } from 'wechaty'
import type { Logger } from '../../log.js'
import type { Channel, ChatTarget, Incoming } from './types.js'

export interface WechatyChannelOptions {
  log: Logger
  /** Session name (wechaty keeps its login memory under it). */
  name: string
  puppet?: string
  token?: string
  /** Where the QR code is drawn (a terminal). */
  qrOut: NodeJS.WritableStream
  /** A prepared instance (tests pass one built on wechaty-puppet-mock). */
  wechaty?: Wechaty
}

export class WechatyChannel implements Channel {
  readonly name = 'wechaty'
  readonly bot: Wechaty
  private readonly rooms = new Map<string, Room>()
  private readonly contacts = new Map<string, Contact>()
  /** Resolves at the first login. */
  readonly loggedIn: Promise<void>
  private resolveLogin!: () => void
  private online = false

  constructor(private readonly o: WechatyChannelOptions) {
    this.bot =
      o.wechaty ??
      WechatyBuilder.build({
        name: o.name,
        ...(o.puppet ? { puppet: o.puppet as never } : {}),
        ...(o.token ? { puppetOptions: { token: o.token } } : {}),
      })
    this.loggedIn = new Promise((r) => {
      this.resolveLogin = r
    })
  }

  async toIncoming(m: Message): Promise<Incoming> {
    const talker = m.talker()
    const room = m.room()
    this.contacts.set(talker.id, talker)
    if (room) this.rooms.set(room.id, room)
    return {
      id: m.id,
      kind: m.type() === this.bot.Message.Type.Text ? 'text' : 'other',
      text: m.text() ?? '',
      from: { id: talker.id, name: talker.name() },
      room: room ? { id: room.id, topic: await room.topic() } : undefined,
      mentionSelf: room ? await m.mentionSelf() : false,
      self: m.self(),
      date: m.date(),
    }
  }

  async start(onMessage: (m: Incoming) => Promise<void>): Promise<void> {
    const { log } = this.o
    this.bot.on('scan', (qr, status) => {
      log.info({ status }, 'scan required')
      QRCode.toString(qr, { type: 'terminal', small: true })
        .then((art) => this.o.qrOut.write(`请用微信扫码登录：\n${art}\n`))
        .catch(() => this.o.qrOut.write(`请用微信扫码登录：${qr}\n`))
    })
    this.bot.on('login', () => {
      log.info('login')
      this.online = true
      this.resolveLogin()
    })
    this.bot.on('logout', (_user, reason) => {
      this.online = false
      log.warn({ reason }, 'logout')
    })
    this.bot.on('error', (err) => log.error({ err: { name: err?.name, message: err?.message } }, 'wechaty error'))
    this.bot.on('message', async (m) => {
      try {
        await onMessage(await this.toIncoming(m))
      } catch (err) {
        log.error({ err: { name: (err as Error)?.name, stack: (err as Error)?.stack } }, 'message handling failed')
      }
    })
    await this.bot.start()
  }

  ready(): boolean {
    return this.online
  }

  async send(to: ChatTarget, text: string): Promise<void> {
    if (to.room) {
      const room = this.rooms.get(to.room.id) ?? (await this.bot.Room.find({ id: to.room.id }))
      if (!room) throw new Error('room not found')
      const who = to.mention ? (this.contacts.get(to.person.id) ?? (await this.bot.Contact.find({ id: to.person.id }))) : undefined
      if (who) await room.say(text, who)
      else await room.say(text)
      return
    }
    // By account id only: a display name may belong to anyone (a namesake must never get a finding).
    const c = this.contacts.get(to.person.id) ?? (await this.bot.Contact.find({ id: to.person.id }))
    if (!c) throw new Error('contact not found')
    await c.say(text)
  }

  async stop(): Promise<void> {
    await this.bot.stop()
  }
}
