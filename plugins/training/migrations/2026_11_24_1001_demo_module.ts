import type { Kysely } from 'portico/plugin-api';

/**
 * A demo module so a fresh install has something real to look at and assign: only when there are no
 * modules yet, and only in the plugin's own tables. Its down migration deletes it again.
 */
export const demoModuleId = 'demo-security-incident';

const lessons = [
  {
    title: 'Recognise a security incident',
    body: `A **security incident** is anything that puts the confidentiality, integrity or availability of our systems or data at risk. Most incidents reach the service desk first, disguised as an ordinary request: "my files have strange names", "I clicked a link and now Outlook is slow", "I left my laptop on the train".

## Typical signs

- A message on screen demanding payment, or files that no longer open and carry a new extension
- Logins the person does not recognise, or a prompt for multi-factor approval they did not start
- An email with customer or staff data sent to the wrong external address
- A lost or stolen laptop, phone or badge
- Someone asking for a password reset for another person's account, under pressure

## If in doubt, treat it as an incident

Reporting something that turns out to be harmless costs the security team five minutes. Missing a real incident can cost days of recovery and a report to the regulator. **You never need proof to escalate: a reasonable suspicion is enough.**`,
  },
  {
    title: 'The first 30 minutes: contain, do not investigate',
    body: `Your job in the first minutes is to **stop the damage from spreading** and to **keep the evidence intact**. Investigating is the security team's job.

## Do

- **Disconnect the device from the network**: unplug the cable and switch off Wi-Fi. Leave it powered on: memory holds evidence that a shutdown destroys.
- Ask the person what they did, saw and clicked, and write down the times.
- Open a ticket of priority **P1** in the *Security* group and call the security on-call number.
- For a lost device, ask when and where it was last seen, and start the remote lock.

## Do not

- Do not shut the computer down, reinstall it or run clean-up tools.
- Do not delete suspicious emails: they are evidence, and the security team uses them to find every recipient.
- Do not reply to, call or pay the attacker.
- Do not discuss the incident in public channels or with people who do not need to know.

A good rule: change as little as possible, and note everything you change.`,
  },
  {
    title: 'Report, record and hand over',
    body: `A clear record lets the security team act without calling you back. Add an **internal note** to the ticket with:

1. When you were told, and by whom
2. Which people, devices, accounts and systems are involved
3. What has happened so far, in the person's own words
4. What you have already done (for example "network cable unplugged at 10:42")

Never paste passwords, one-time codes or the contents of leaked data into the ticket.

## Personal data

If personal data may have reached the wrong people, say so in the first line of the note. The data protection officer must be told the same day: the organisation has **72 hours** to notify the regulator, and that clock starts when we first knew.

## Handing over

Stay reachable until the security on-call confirms in the ticket that they have taken over. Then tell the person who reported it what happens next and who will contact them. Thank them: people who report quickly are our best defence.`,
  },
];

const questions = [
  {
    prompt:
      'A user opened an invoice attachment and now sees a note demanding payment to unlock their files. What do you do first?',
    kind: 'single',
    options: [
      'Shut the computer down straight away',
      'Disconnect it from the network and leave it powered on',
      'Run a full antivirus scan and wait for the result',
      'Ask the user to restore their files from the backup',
    ],
    correct: [1],
  },
  {
    prompt: 'Which of these are security incidents? Choose all that apply.',
    kind: 'multiple',
    options: [
      'A work laptop left behind on a train',
      'An email with customer data sent to the wrong external address',
      'A multi-factor approval prompt the person did not start',
      'A shared printer that has run out of toner',
    ],
    correct: [0, 1, 2],
  },
  {
    prompt: 'A suspected phishing email reached several colleagues. What should happen to it?',
    kind: 'single',
    options: [
      'Delete it from every mailbox at once',
      'Reply to the sender and ask them to stop',
      'Keep it, and let the security team handle it as evidence',
      'Forward it to all staff as a warning',
    ],
    correct: [2],
  },
  {
    prompt: 'What belongs in the first internal note on a security incident ticket? Choose all that apply.',
    kind: 'multiple',
    options: [
      'When you were told, and by whom',
      'Which devices, accounts and systems are involved',
      'What you have already done, with times',
      "The user's password, so the security team can sign in as them",
    ],
    correct: [0, 1, 2],
  },
];

export async function up(db: Kysely<any>): Promise<void> {
  const existing = await db.selectFrom('plugin_training_modules').select('id').limit(1).execute();
  if (existing.length > 0) return;
  const now = new Date().toISOString();
  await db
    .insertInto('plugin_training_modules')
    .values({
      id: demoModuleId,
      title: 'Handling a security incident',
      summary:
        'How to recognise a security incident at the service desk, contain it in the first 30 minutes without destroying evidence, and hand it over to the security team with a record they can act on.',
      pass_mark: 75,
      active: 1,
      version: 1,
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('plugin_training_lessons')
    .values(
      lessons.map((lesson, index) => ({
        id: `${demoModuleId}-lesson-${index + 1}`,
        module_id: demoModuleId,
        position: index + 1,
        title: lesson.title,
        body: lesson.body,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  await db
    .insertInto('plugin_training_questions')
    .values(
      questions.map((question, index) => ({
        id: `${demoModuleId}-question-${index + 1}`,
        module_id: demoModuleId,
        position: index + 1,
        prompt: question.prompt,
        kind: question.kind,
        options: JSON.stringify(question.options),
        correct: JSON.stringify(question.correct),
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const assignments = db.selectFrom('plugin_training_assignments').select('id').where('module_id', '=', demoModuleId);
  await db.deleteFrom('plugin_training_attempts').where('assignment_id', 'in', assignments).execute();
  await db.deleteFrom('plugin_training_lesson_progress').where('assignment_id', 'in', assignments).execute();
  await db.deleteFrom('plugin_training_assignments').where('module_id', '=', demoModuleId).execute();
  await db.deleteFrom('plugin_training_questions').where('module_id', '=', demoModuleId).execute();
  await db.deleteFrom('plugin_training_lessons').where('module_id', '=', demoModuleId).execute();
  await db.deleteFrom('plugin_training_modules').where('id', '=', demoModuleId).execute();
}
