import type {
  ApprovalDecisionTable,
  ApprovalDefinitionTable,
  ApprovalLinkTable,
  ApprovalOrgManagerTable,
  ApprovalRequestTable,
} from '../approvals/approval.table.ts';
import type { RequestTypeTable } from '../catalog/catalog.table.ts';
import type { EventOutboxTable } from '../events/event.table.ts';
import type { JobTable } from '../jobs/job.table.ts';
import type { AuthFailureTable, AuthTokenTable } from '../auth/auth.table.ts';
import type {
  AutomationFiringTable,
  AutomationRoundRobinTable,
  AutomationRuleTable,
} from '../automation/automation.table.ts';
import type {
  KbArticleTable,
  KbArticleTagTable,
  KbCategoryTable,
  KbRevisionTable,
  KbSearchTable,
  KbSynonymTable,
  KbVoteTable,
  SearchOutboxTable,
} from '../kb/kb.table.ts';
import type { MailboxTable, MailMessageTable, MailQuarantineTable } from '../mail/mail.table.ts';
import type { NotificationPreferenceTable, NotificationTemplateTable } from '../notifications/notification.table.ts';
import type { ApiTokenTable, SessionTable } from '../session/session.table.ts';
import type { PluginErrorTable, PluginInstallationTable, PluginPermissionRoleTable } from '../plugins/plugin.table.ts';
import type {
  ReportDigestTable,
  ReportOpenSpanTable,
  ReportTargetTable,
  ReportTicketFactTable,
} from '../reports/report.table.ts';
import type { PublicContentVersionTable } from '../public-content/public-content.table.ts';
import type { SettingTable } from '../settings/setting.table.ts';
import type { SlaCalendarTable, SlaPolicyTable, SlaTicketStateTable } from '../sla/sla.table.ts';
import type {
  SlaEscalationFiredTable,
  SlaEscalationTable,
  SlaEscalationTicketTable,
} from '../sla/escalations.table.ts';
import type {
  CannedResponseTable,
  IdempotencyKeyTable,
  CounterTable,
  SavedViewTable,
  TicketAttachmentTable,
  TicketAuditTable,
  TicketHoldTable,
  TicketMessageTable,
  TicketPresenceTable,
  TicketRelationTable,
  TicketTable,
  TicketTagTable,
  TicketWatcherTable,
} from '../tickets/ticket.table.ts';
import type { GroupMemberTable, GroupTable, OrganisationTable, UserTable } from '../users/user.table.ts';
import type { WebhookDeliveryTable, WebhookTable } from '../webhooks/webhook.table.ts';

/** The schema: the one source of the tables' types. */
export interface Database {
  users: UserTable;
  organisations: OrganisationTable;
  groups: GroupTable;
  group_members: GroupMemberTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  auth_tokens: AuthTokenTable;
  auth_failures: AuthFailureTable;
  settings: SettingTable;
  public_content_version: PublicContentVersionTable;
  kb_categories: KbCategoryTable;
  kb_articles: KbArticleTable;
  kb_article_tags: KbArticleTagTable;
  kb_revisions: KbRevisionTable;
  kb_votes: KbVoteTable;
  kb_synonyms: KbSynonymTable;
  kb_searches: KbSearchTable;
  search_outbox: SearchOutboxTable;
  counters: CounterTable;
  request_types: RequestTypeTable;
  tickets: TicketTable;
  ticket_messages: TicketMessageTable;
  ticket_attachments: TicketAttachmentTable;
  ticket_watchers: TicketWatcherTable;
  ticket_tags: TicketTagTable;
  ticket_relations: TicketRelationTable;
  ticket_audit: TicketAuditTable;
  ticket_holds: TicketHoldTable;
  ticket_presence: TicketPresenceTable;
  saved_views: SavedViewTable;
  canned_responses: CannedResponseTable;
  event_outbox: EventOutboxTable;
  jobs: JobTable;
  notification_templates: NotificationTemplateTable;
  notification_preferences: NotificationPreferenceTable;
  mailboxes: MailboxTable;
  mail_messages: MailMessageTable;
  mail_quarantine: MailQuarantineTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  sla_calendars: SlaCalendarTable;
  sla_policies: SlaPolicyTable;
  sla_ticket_states: SlaTicketStateTable;
  sla_escalations: SlaEscalationTable;
  sla_escalation_tickets: SlaEscalationTicketTable;
  sla_escalations_fired: SlaEscalationFiredTable;
  approval_definitions: ApprovalDefinitionTable;
  approval_org_managers: ApprovalOrgManagerTable;
  approval_requests: ApprovalRequestTable;
  approval_decisions: ApprovalDecisionTable;
  approval_links: ApprovalLinkTable;
  automation_rules: AutomationRuleTable;
  automation_round_robin: AutomationRoundRobinTable;
  automation_firings: AutomationFiringTable;
  plugin_installations: PluginInstallationTable;
  plugin_permission_roles: PluginPermissionRoleTable;
  plugin_errors: PluginErrorTable;
  idempotency_keys: IdempotencyKeyTable;
  report_ticket_facts: ReportTicketFactTable;
  report_open_spans: ReportOpenSpanTable;
  report_targets: ReportTargetTable;
  report_digests: ReportDigestTable;
}
