/**
 * The IPC contract: the single list of commands (name -> input, output) and events (name -> payload).
 * The main-side router, the preload, the renderer's typed `window.api` and the e2e bridge are all derived
 * from these two maps; adding a command needs no router or preload code.
 */
import { z } from 'zod';
import { CLIENT_ID_FORMAT_MESSAGE, CLIENT_ID_PATTERN } from './app-registration';
import {
  activityEntrySchema,
  activityKindSchema,
  type appErrorSchema,
  appStateSchema,
  cloudPresetSchema,
  driveItemViewSchema,
  exclusionsSchema,
  pendingDeleteSchema,
  profileViewSchema,
  settingsSchema,
  sourceEntrySchema,
  syncPreviewSchema,
  syncViewSchema,
} from './model';
import { type CommandName as ListedCommand, type EventName as ListedEvent } from './ipc-names';

export { commandChannel, commandNames, eventChannel, eventNames } from './ipc-names';

const empty = z.object({}).strict();
const id = z.string().min(1).max(200);
const profileName = z.string().trim().min(1).max(80);
const intervalMinutes = z.number().int().min(1).max(10080);
const absolutePath = z.string().min(1).max(4096);
const resetSizeSchema = z.object({ files: z.number().int().min(0), bytes: z.number().min(0) });

function command<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

export const commands = {
  'app:getState': command(empty, appStateSchema),
  'app:openLogs': command(empty, z.null()),
  'app:dismissNotice': command(z.object({ id }).strict(), z.null()),

  'settings:update': command(settingsSchema.partial().strict(), appStateSchema.shape.settings),
  'cloud:update': command(
    z
      .object({
        /** A GUID; '' uses the build's default registration (refused by the service when the build has none). */
        clientId: z
          .string()
          .trim()
          .refine((v) => v === '' || CLIENT_ID_PATTERN.test(v), CLIENT_ID_FORMAT_MESSAGE),
        preset: cloudPresetSchema,
        tenant: z.string().trim().min(1).max(200),
        authorityHost: z.string().url().max(500).nullable(),
        graphUrl: z.string().url().max(500).nullable(),
      })
      .strict(),
    z.null(),
  ),
  /** Accept storing tokens without OS encryption (Linux basic_text); never chosen silently. */
  'secrets:allowPlaintext': command(z.object({ allow: z.boolean() }).strict(), z.null()),

  'profile:add': command(z.object({ name: profileName }).strict(), profileViewSchema),
  'profile:rename': command(z.object({ id, name: profileName }).strict(), profileViewSchema),
  'profile:remove': command(z.object({ id }).strict(), z.null()),
  /** Interactive sign-in in the system browser; also used to reconnect. Resolves when it completes. */
  'profile:connect': command(z.object({ id }).strict(), profileViewSchema),
  'profile:cancelConnect': command(z.object({ id }).strict(), z.null()),
  'profile:signOut': command(z.object({ id }).strict(), profileViewSchema),

  'browse:list': command(
    z.object({ profileId: id, itemId: id.nullable() }).strict(),
    z.object({
      folder: driveItemViewSchema,
      breadcrumbs: z.array(driveItemViewSchema),
      items: z.array(driveItemViewSchema),
    }),
  ),

  /** Sources beyond My files: shared with me, a pasted link, sites (followed or searched), a site's libraries, any folder. */
  'browse:sources': command(
    z
      .object({
        profileId: id,
        request: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('mine'), itemId: id.nullable() }).strict(),
          z.object({ kind: z.literal('shared') }).strict(),
          z.object({ kind: z.literal('link'), url: z.string().min(1).max(4096) }).strict(),
          z.object({ kind: z.literal('sites'), search: z.string().max(200).nullable() }).strict(),
          z.object({ kind: z.literal('site'), siteId: id }).strict(),
          // path: from the drive's root ('' is the root), as the CLI's `browse --drive-id ID --path PATH` names a folder.
          z
            .object({ kind: z.literal('drive'), driveId: id, itemId: id.optional(), path: z.string().max(4096).optional() })
            .strict(),
        ]),
      })
      .strict(),
    z.object({ title: z.string(), folder: sourceEntrySchema.nullable(), entries: z.array(sourceEntrySchema) }),
  ),
  /** Incremental consent for SharePoint (Sites.Read.All): the same account signs in again in the browser. */
  'profile:grantSites': command(z.object({ id }).strict(), profileViewSchema),

  'sync:add': command(
    z
      .object({
        profileId: id,
        driveId: id,
        itemId: id,
        localPath: absolutePath,
        intervalMinutes: intervalMinutes.optional(),
        exclusions: exclusionsSchema.optional(),
      })
      .strict(),
    syncViewSchema,
  ),
  'sync:update': command(
    z
      .object({
        id,
        intervalMinutes: intervalMinutes.optional(),
        localPath: absolutePath.optional(),
        exclusions: exclusionsSchema.optional(),
      })
      .strict(),
    syncViewSchema,
  ),
  'sync:pause': command(z.object({ id }).strict(), syncViewSchema),
  'sync:resume': command(z.object({ id }).strict(), syncViewSchema),
  'sync:remove': command(z.object({ id, deleteLocalFiles: z.boolean() }).strict(), z.null()),
  'sync:now': command(z.object({ id }).strict(), z.null()),
  /** What the next run of a sync would do, or the first run of one about to be added; nothing is written. */
  'sync:preview': command(
    z.union([
      z.object({ id }).strict(),
      z
        .object({ profileId: id, driveId: id, itemId: id, localPath: absolutePath, exclusions: exclusionsSchema.optional() })
        .strict(),
    ]),
    syncPreviewSchema,
  ),
  'sync:pendingDeletes': command(z.object({ id }).strict(), z.array(pendingDeleteSchema)),
  'sync:confirmDeletes': command(z.object({ id }).strict(), z.null()),
  /** Refuse the deletions: the files stay and leave the mirror's manifest. */
  'sync:keepFiles': command(z.object({ id }).strict(), z.null()),
  /** What "download everything again" would fetch (files and bytes the sync tracked at its last listing). */
  'sync:resetSize': command(z.object({ id }).strict(), resetSizeSchema),
  /** Forget the sync's state (nothing local is deleted): the next run downloads everything again. */
  'sync:reset': command(z.object({ id }).strict(), resetSizeSchema),
  'sync:openLocal': command(z.object({ id }).strict(), z.null()),

  'syncs:pauseAll': command(z.object({ minutes: z.number().int().min(1).max(10080).nullable() }).strict(), z.null()),
  'syncs:resumeAll': command(empty, z.null()),
  /** Run in the background despite the power policy (battery, metered) until the power state changes. */
  'syncs:syncAnyway': command(empty, z.null()),

  'activity:list': command(
    z
      .object({
        before: z.number().int().nullable(),
        limit: z.number().int().min(1).max(1000),
        kinds: z.array(activityKindSchema).nullable(),
        syncId: id.nullable(),
      })
      .strict(),
    z.object({ entries: z.array(activityEntrySchema), total: z.number() }),
  ),

  'dialog:chooseDirectory': command(z.object({ defaultPath: absolutePath.nullable() }).strict(), absolutePath.nullable()),
} as const;

export const notificationSchema = z.object({
  kind: z.enum(['reconnect_required', 'confirm_deletes', 'failing']),
  title: z.string(),
  body: z.string(),
  profileId: z.string().nullable(),
  syncId: z.string().nullable(),
});
export type AppNotification = z.infer<typeof notificationSchema>;

/** The places the shell can show the window on (tray item or notification click), with the item to focus. */
export const navViewSchema = z.enum(['syncs', 'accounts', 'activity', 'settings']);
export type NavView = z.infer<typeof navViewSchema>;
export const navTargetSchema = z.object({ view: navViewSchema, id: z.string().nullable() });
export type NavTarget = z.infer<typeof navTargetSchema>;

export const events = {
  state: appStateSchema,
  notification: notificationSchema,
  /** The shell asks the renderer to show a place (tray item or notification click). */
  navigate: navTargetSchema,
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
// The zod-free name lists (ipc-names.ts) must name exactly these commands and events: a missing or extra name
// fails the build here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const commandListMatches: Same<CommandName, ListedCommand> = true;
const eventListMatches: Same<keyof typeof events, ListedEvent> = true;
void commandListMatches;
void eventListMatches;
export type CommandInput<N extends CommandName> = z.input<Commands[N]['input']>;
export type CommandOutput<N extends CommandName> = z.output<Commands[N]['output']>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<N extends EventName> = z.output<Events[N]>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: z.infer<typeof appErrorSchema> };

/** What the renderer sees as `window.api`: one async function per command, plus `on`. */
export type Api = {
  [N in CommandName]: (input: CommandInput<N>) => Promise<Result<CommandOutput<N>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** What the dispatcher hands a handler besides its input: the CLI's Ctrl+C reaches a long command through `signal`. */
export interface CallContext {
  signal: AbortSignal;
}

/** The handler map the main side implements (SyncService adapters); IPC router, bridge and CLI call it via dispatch. */
export type CommandHandlers = {
  [N in CommandName]: (
    input: CommandOutput<N> extends never ? never : z.output<Commands[N]['input']>,
    call?: CallContext,
  ) => Promise<CommandOutput<N>>;
};
