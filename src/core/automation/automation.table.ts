/** An automation rule: conditions over a ticket and the actions taken when all of them hold. */
export interface AutomationRuleTable {
  id: string;
  name: string;
  /** 1 when the rule is evaluated, 0 when switched off. */
  active: number;
  /** Evaluation order, lowest first. */
  position: number;
  /** 1: no later rule is evaluated for a ticket this rule fired on. */
  stop: number;
  trigger: 'event' | 'schedule';
  /** JSON array of ticket event types (event rules). */
  events: string;
  /** JSON array of RuleCondition. */
  conditions: string;
  /** JSON array of RuleAction. */
  actions: string;
  /** 1: also react to events caused by Portico itself (other rules, jobs). */
  on_system_events: number;
  created_at: string;
  updated_at: string;
}

/** The last agent round-robin assigned in a group. */
export interface AutomationRoundRobinTable {
  group_id: string;
  user_id: string;
}

/** When a rule last fired on a ticket: it fires again only after the ticket changed since. */
export interface AutomationFiringTable {
  rule_id: string;
  ticket_id: string;
  /** The ticket's updated_at right after the rule's actions. */
  ticket_updated_at: string;
  fired_at: string;
}
