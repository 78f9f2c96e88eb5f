/**
 * A synthetic help centre for the search bench: articles of realistic length written from a fixed
 * IT and customer-service vocabulary with a Zipf-like word distribution, and a mix of queries (single
 * words, two-word phrases, prefixes, typos) drawn from the same vocabulary. Everything comes from a
 * seeded PRNG, so two runs with the same seed produce the same articles and queries, and the first N
 * articles of a larger run are the articles of a smaller one.
 */

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

function integer(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

// Function words, most common first: in real text they are half of all tokens.
const functionWords = words(`
  the to and a of you your in is for on it if this that with be can or are not from will by at as
  an when then we our have has do does i my after before into out up all any more so but how what
  which there their they them these those was were been should must may might each other some than
  only also just about over again once here still its no yes new first next back now too very most
  while until because both same own such between without within through during per via
`);

// Nouns of IT support and customer service; plurals are added below.
const nouns = words(`
  account password user username login profile email mailbox inbox message attachment folder calendar
  meeting invite contact address phone laptop desktop computer device tablet monitor screen display
  keyboard mouse headset microphone camera speaker printer scanner driver cable charger battery adapter
  dock port network router modem connection signal proxy firewall server gateway certificate token code
  app application program software update upgrade version release license subscription plan invoice
  receipt payment card bill charge refund credit balance order shipment delivery package tracking return
  exchange warranty repair replacement ticket request issue problem error warning alert notification
  setting option preference permission role group team manager admin administrator employee customer
  agent colleague visitor guest contractor vendor supplier partner office desk room building floor site
  location region country language currency tax rate discount coupon promotion price quote contract
  agreement policy procedure process step guide article document file report spreadsheet presentation
  drive share link page site portal dashboard form field button menu tab window browser extension plugin
  bookmark cache cookie history session timeout lockout reset recovery backup restore copy archive
  storage quota space limit size disk memory processor fan keyboard touchpad trackpad fingerprint face
  badge key lock door parking desk chair headset schedule shift holiday vacation leave absence reply
  response answer question feedback survey rating review complaint escalation priority deadline queue
  status outage incident maintenance change approval budget cost expense reimbursement travel trip
  booking flight hotel visa passport identity verification authenticator factor method channel chat
  call voicemail number extension line conference recording transcript caption subtitle video audio
  sound volume bandwidth speed latency wifi ethernet hotspot network domain account directory tenant
  organisation company department project task milestone workspace channel thread reaction mention
  emoji status presence signature footer header template theme font layout image photo logo icon
  wallpaper display resolution brightness cursor shortcut clipboard screenshot recording download upload
  sync conflict duplicate version history trash bin recycle desktop taskbar dock launcher widget
  keychain vault secret policy rule filter label category tag flag spam phishing scam virus malware
  threat attack breach incident patch vulnerability scan encryption antivirus laptop loan pool stock
  inventory asset serial model warranty lease courier label parcel box address postcode street city
  state province zip invoice statement ledger account period month quarter year week day hour minute
  deadline reminder event appointment slot availability timezone clock alarm bank transfer wire cheque
  check deposit withdrawal fee penalty interest instalment installment subscription renewal trial tier
  seat user license activation key product edition suite bundle addon module feature capability
  integration connector webhook api endpoint request response header token scope client secret
  callback redirect domain record host mailbox alias forward rule autoreply signature
  accessibility accommodation achievement acknowledgement activity adapter addition adjustment advice
  allowance amendment analysis analytics announcement appliance applicant application appraisal
  architecture area argument arrangement arrival article assessment assignment assistance assistant
  association assumption atmosphere attendance attendee attention audit author authority
  authorization automation average award background balance bandwidth barcode baseline benefit beta
  bonus branch brand breakfast bridge briefcase broadband bucket buffer bug build bulletin bundle
  business buyer cabinet calculation calculator campaign campus candidate capacity caption carrier
  cartridge case catalog catalogue ceiling center centre chain chairman challenge chamber chapter
  character chart checkout checklist choice circle claim class classification classroom client
  cloud cluster coach collection column command comment commission committee communication community
  comparison compatibility compensation competition compliance component computer concern condition
  conference configuration confirmation connector consent console consultant consumer container
  content context contractor contribution control conversation conversion coordinator corner
  correction correspondence council counter coverage criteria crowd culture cupboard currency curve
  customer cycle database dataset date dealer debit decision declaration default definition delay
  delegate demand demo deposit deputy description design destination detail developer development
  diagnosis diagnostic dialog dialogue difference difficulty dimension direction director discount
  discussion dispatch dispute distance distribution district division domain donation draft drawer
  duration duty economy edition editor education effect efficiency effort election element
  eligibility emergency employer employment encounter engine engineer enquiry entry environment
  equipment estimate evaluation evening evidence exam examination exception exemption exercise
  experience expert expiry explanation exposure facility factory failure fault favourite feature
  figure filing finance firmware fixture flow format formula foundation fraction framework freight
  frequency function fund furniture gap generation goal grade graph guarantee guidance guideline
  handbook handover hardware headline headquarters health helpdesk hierarchy highlight holder
  household hub idea identifier implementation improvement inbox income increase index indicator
  induction industry information infrastructure initiative input inquiry insight inspection
  installation instance institution instruction insurance intern internet interview introduction
  investigation investment invitation item journal journey judgement keyword kiosk kit knowledge
  laboratory landline lane laptop launch lawyer layer leader learning lecture ledger letter level
  library lifecycle lighting limitation list literature loan lobby log logistics lounge machine
  magazine maintenance majority management manual manufacturer map margin market material matter
  measure mechanism media member membership memo mentor merchant method metric migration minority
  mission mistake mode monitoring motivation network newsletter node note notice objective
  obligation observation occasion offer officer onboarding operation operator opinion opportunity
  outcome output overview owner ownership pantry paragraph parameter participant password patch
  pattern payroll pension percentage performance period permit person phase pilot pipeline pitch
  placement platform player plugin point portfolio position post poster practice prediction premium
  preparation presence pressure prevention principle printout privacy procurement producer
  production profession professional programme progress property proposal protection protocol
  provider provision publication purchase purpose qualification quality quantity query rack range
  ranking reader reality reason receipt reception recipient recommendation reconciliation reference
  referral refresh registration regulation relationship reliability reminder removal renewal rental
  replacement reporting repository representative reputation requirement research reservation
  resident resource restriction result retention revenue reward risk roadmap roster route router
  routine salary sample satisfaction scenario scheme scope score screen script sector security
  segment selection seminar sender sensor sequence series service severity shelf shipping shortcut
  signal signup simulation skill slide snapshot socket solution source specialist specification
  sponsor spreadsheet staff stage stakeholder standard statistic storage strategy stream strength
  structure student subject submission substitute success suggestion summary supervisor supply
  support surface switch symbol symptom system table target tariff teacher technician technology
  telephone television tenant terminal territory test text theory threshold ticket timeline timer
  timestamp title tool topic total tour trainee trainer training transaction transcript transition
  translation transport trend trial trigger troubleshooting tutorial type unit upgrade usage utility
  validation value variable variation vendor venue verification vehicle version viewer volunteer
  voucher warehouse waste webinar website weekend welcome whiteboard wizard workflow workshop
  workstation writer
`);

// Verbs written in their base form; -s, -ed and -ing forms are added below.
const verbs = words(`
  reset change update install uninstall remove delete restart reboot connect disconnect enable disable
  configure open close start stop sign log access unlock lock verify confirm approve reject request
  submit cancel return replace repair order track deliver ship charge refund pay renew upgrade
  downgrade download upload sync share invite join leave forward reply archive restore recover backup
  print scan copy paste attach detach block report flag mark search filter sort export import migrate
  transfer assign escalate resolve close reopen review rate answer call email message contact schedule
  book plan move rename create add edit save load check test troubleshoot fix solve clear empty free
  extend expire activate deactivate register enroll authenticate encrypt decrypt protect allow deny
  grant revoke mount pair unpair charge plug unplug power boot crash freeze hang lag drop fail work
  respond notify alert remind display show hide mute unmute record stream present join launch quit
  need want try use look wait help ask tell explain learn follow contact visit return process
  receive accept decline select choose pick enter type press click tap swipe drag scroll zoom
  achieve adjust advise affect analyse apply appreciate arrange assess assist assume attend audit
  authorise authorize automate avoid backup belong benefit bill borrow browse calculate calibrate
  capture celebrate certify clarify classify collect combine comment commit compare compile complete
  comply compress consider consult contain continue contribute convert coordinate correct count cover
  customise customize debug decide define delay delegate deliver demonstrate deploy describe design
  detect determine develop diagnose discover discuss dismiss dispatch distribute document duplicate
  edit educate eliminate email embed employ encourage end ensure establish estimate evaluate examine
  exceed exchange exclude execute expect experience explore expose express fetch figure file finish
  format generate handle highlight identify ignore implement improve include increase indicate inform
  initiate inspect install instruct integrate intend introduce investigate involve issue label limit
  link list locate maintain manage match measure mention merge mirror modify monitor name navigate
  negotiate note notice obtain occur offer operate organise organize own participate perform permit
  personalise personalize place plan post predict prefer prepare preserve prevent preview prioritise
  produce program progress promote propose provide publish purchase qualify query raise reach realise
  recognise recommend reconcile reduce refer reflect refresh regenerate reinstall relate release rely
  remain repeat replicate represent require reserve resize resolve restrict resume retain retrieve
  reveal revert rotate route satisfy secure seem separate serve settle sign simplify skip specify
  split store struggle subscribe succeed suggest summarise supply support suspend switch tag target
  terminate thank train translate trigger trust uninstall unsubscribe upgrade validate view vote warn
  wipe
`);

// Adjectives and adverbs; kept as they are.
const modifiers = words(`
  new old slow fast quick easy hard simple secure safe unsafe private public internal external remote
  local wireless wired mobile personal shared default custom automatic manual available unavailable
  missing broken blocked locked expired invalid valid wrong correct current previous latest recent
  temporary permanent daily weekly monthly annual free paid full empty large small main primary
  secondary backup offline online active inactive pending approved rejected urgent important critical
  normal common usual unusual suspicious strange unknown known different similar second third final
  extra additional optional required necessary possible impossible likely unlikely usually sometimes
  often never always already soon later quickly slowly directly automatically manually properly
  correctly securely immediately separately together instead otherwise however therefore usually
  frequently occasionally recently currently previously finally simply really actually especially
  accurate advanced affordable alternative annual anonymous appropriate approximate asynchronous
  authorised available basic blank brief broad busy careful cheap clean clear cloud compatible
  complete complex compliant confidential consistent constant corporate corrupt corrupted damaged
  dedicated detailed digital disabled duplicate dynamic effective efficient electronic eligible
  encrypted entire essential exact excellent existing expensive expired faulty federal flexible
  foreign formal frequent friendly functional general generic global good great guest heavy helpful
  hidden high huge ideal identical incorrect individual initial intermittent internal international
  legal legacy light limited live logical loud low mandatory maximum minimum minor multiple national
  native necessary negative neutral noisy numeric official ongoing open original outdated overdue
  physical popular portable positive powerful practical preferred premium present previous proper
  quiet random rapid readable realistic regular relevant reliable remote responsible restricted
  retail safe scheduled seasonal sensitive separate serious several shared short significant silent
  single slow smart social solid special specific stable standard strict strong successful sudden
  sufficient suitable technical terrible tiny total typical unable unexpected unique unlimited unpaid
  unread unsupported upcoming urgent useful valid various verified virtual visible vital weak whole
  wide wireless
`);

// Product and brand names people type into a help centre.
const names = words(`
  windows macos mac macbook iphone ipad android chromebook linux ubuntu office outlook word excel
  powerpoint teams onedrive sharepoint exchange azure okta duo zoom slack webex jira confluence github
  gitlab adobe acrobat photoshop chrome firefox safari edge citrix globalprotect anyconnect cisco
  salesforce zendesk servicenow workday sap oracle dropbox box gmail google drive docs sheets
  bluetooth usb hdmi displayport thunderbolt vga wifi ethernet vpn sso mfa otp pin qr sms pdf csv
  paypal stripe visa mastercard amex iban swift vat gst
`);

// Forms nobody writes with a rule.
const irregular = words(`
  sent sending sends got gets getting made makes making gave gives giving took takes taking went goes
  going came comes coming ran runs running set sets setting put puts putting kept keeps keeping lost
  loses losing left leaves leaving paid pays paying bought buys buying brought brings bringing told
  knew knows known saw sees seen found finds finding thought thinks began begins beginning chose
  chosen broke breaks breaking forgot forgets forgotten forgetting wrote writes written writing read
  reads reading sat sits sitting stood stands standing understood understands understanding
`);

function plural(noun: string): string {
  if (/(s|x|z|ch|sh)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

// Nouns without a plural people would write.
const uncountable = new Set(
  words(`
  software hardware firmware information advice equipment feedback furniture knowledge maintenance
  storage spam malware bandwidth payroll research evidence guidance logistics analytics freight
  access history privacy security support training welcome compliance infrastructure onboarding
  eligibility health insurance literature media accessibility accommodation weekend
`),
);

/** One consonant after one vowel at the end of a short verb doubles: stop → stopped, plan → planning. */
const doubles = /^[^aeiou]*[aeiou][bdgmnpt]$|(fer|mit|pel|trol)$/;
/** Verbs whose past is the base form: reset, upset, input. */
const unchangedPast = /(set|put|cut|cast)$/;

function verbForms(verb: string): string[] {
  const third = plural(verb);
  if (unchangedPast.test(verb)) return [verb, third, verb, `${verb}${verb.at(-1)}ing`];
  const past = verb.endsWith('e')
    ? `${verb}d`
    : /[^aeiou]y$/.test(verb)
      ? `${verb.slice(0, -1)}ied`
      : doubles.test(verb)
        ? `${verb}${verb.at(-1)}ed`
        : `${verb}ed`;
  const present = /[^e]e$/.test(verb)
    ? `${verb.slice(0, -1)}ing`
    : doubles.test(verb)
      ? `${verb}${verb.at(-1)}ing`
      : `${verb}ing`;
  return [verb, third, past, present];
}

/** Content words, in a fixed order (the order decides their Zipf rank after a seeded shuffle). */
function contentWords(): string[] {
  const all = [
    ...nouns.flatMap((noun) => (uncountable.has(noun) ? [noun] : [noun, plural(noun)])),
    ...verbs.flatMap(verbForms),
    ...modifiers,
    ...names,
    ...irregular,
  ];
  const functional = new Set(functionWords);
  return [...new Set(all)].filter((word) => !functional.has(word));
}

/** The generated knowledge base's categories: [slug, name]. */
export const benchCategories: readonly (readonly [string, string])[] = [
  ['accounts-and-sign-in', 'Accounts and sign-in'],
  ['billing-and-payments', 'Billing and payments'],
  ['orders-and-delivery', 'Orders and delivery'],
  ['laptops-and-devices', 'Laptops and devices'],
  ['network-and-remote-work', 'Network and remote work'],
  ['mail-and-calendar', 'Mail and calendar'],
  ['software-and-licences', 'Software and licences'],
  ['security', 'Security'],
  ['printing-and-scanning', 'Printing and scanning'],
  ['phones-and-tablets', 'Phones and tablets'],
  ['collaboration', 'Collaboration'],
  ['hr-and-onboarding', 'HR and onboarding'],
];

export interface GeneratedArticle {
  id: string;
  slug: string;
  title: string;
  summary: string;
  /** Markdown: an introduction, then 2–4 sections with a heading, paragraphs and sometimes a list. */
  body: string;
  tags: string[];
  categorySlug: string;
  visibility: 'public' | 'internal';
  status: 'published' | 'draft';
  /** Spread over two years before 2026-01-01; ISO 8601. */
  updatedAt: string;
  viewCount: number;
}

export interface Corpus {
  /** Every word, function words first, then content words in Zipf rank order. */
  vocabulary: string[];
  /** The content words (what queries and tags are made of), most common first. */
  content: string[];
  /** Article number i (0-based); call with 0, 1, 2… in order (the PRNG is a single stream). */
  nextArticle(): GeneratedArticle;
  /** A mix of queries: a quarter each of single words, two-word phrases, prefixes and typos. */
  queries(count: number, seed?: number): string[];
}

const base32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * Builds the vocabulary and an article generator from a seed.
 * @example
 * const corpus = createCorpus(42);
 * const first = corpus.nextArticle();
 */
export function createCorpus(seed = 20260101, zipfExponent = 1.0): Corpus {
  const random = mulberry32(seed);
  const content = contentWords();
  for (let i = content.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [content[i], content[j]] = [content[j]!, content[i]!];
  }
  const vocabulary = [...functionWords, ...content];
  const cumulative = new Float64Array(vocabulary.length);
  let sum = 0;
  for (let rank = 0; rank < vocabulary.length; rank++) {
    sum += 1 / Math.pow(rank + 1, zipfExponent);
    cumulative[rank] = sum;
  }
  // Content words alone, with the same Zipf shape: titles, summaries, headings and tags are mostly these.
  const contentCumulative = new Float64Array(content.length);
  let contentSum = 0;
  for (let rank = 0; rank < content.length; rank++) {
    contentSum += 1 / Math.pow(rank + 1, zipfExponent);
    contentCumulative[rank] = contentSum;
  }

  function sample(table: Float64Array, total: number, list: string[], r: Random): string {
    const target = r() * total;
    let low = 0;
    let high = table.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (table[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return list[low]!;
  }
  const anyWord = (r: Random) => sample(cumulative, sum, vocabulary, r);
  const contentWord = (r: Random) => sample(contentCumulative, contentSum, content, r);

  function sentence(r: Random, length: number): string {
    const parts: string[] = [];
    for (let i = 0; i < length; i++) parts.push(anyWord(r));
    if (length > 9 && r() < 0.3) parts[integer(r, 3, length - 4)] += ',';
    const text = parts.join(' ');
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  }

  function paragraph(r: Random, budget: { words: number }): string {
    const sentences: string[] = [];
    const count = integer(r, 2, 5);
    for (let i = 0; i < count && budget.words > 0; i++) {
      const length = Math.min(budget.words, integer(r, 6, 18));
      budget.words -= length;
      sentences.push(sentence(r, Math.max(3, length)));
    }
    return sentences.join(' ');
  }

  /** 4–8 words, mostly content words, as titles read: "Reset your password on a new phone". */
  function title(r: Random): string {
    const length = integer(r, 4, 8);
    const parts: string[] = [];
    for (let i = 0; i < length; i++)
      parts.push(i > 0 && r() < 0.3 ? pick(r, functionWords.slice(0, 25)) : contentWord(r));
    const text = parts.join(' ');
    return `${text[0]!.toUpperCase()}${text.slice(1)}`;
  }

  function heading(r: Random): string {
    const parts: string[] = [];
    const length = integer(r, 2, 5);
    for (let i = 0; i < length; i++) parts.push(contentWord(r));
    const text = parts.join(' ');
    return `${text[0]!.toUpperCase()}${text.slice(1)}`;
  }

  let count = 0;
  const epoch = Date.parse('2024-01-01T00:00:00.000Z');
  const span = Date.parse('2026-01-01T00:00:00.000Z') - epoch;

  function nextArticle(): GeneratedArticle {
    const r = random;
    const index = count++;
    let id = '';
    for (let i = 0; i < 16; i++) id += base32[Math.floor(r() * 32)];
    const articleTitle = title(r);
    const slug = `${articleTitle
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')}-${index.toString(36)}`;
    // A few hundred words: 150–650, most between 250 and 450.
    const budget = { words: Math.round(150 + 250 * (r() + r())) };
    const blocks: string[] = [paragraph(r, budget)];
    const sections = integer(r, 2, 4);
    for (let s = 0; s < sections && budget.words > 0; s++) {
      blocks.push(`## ${heading(r)}`);
      const paragraphs = integer(r, 1, 2);
      for (let p = 0; p < paragraphs && budget.words > 0; p++) blocks.push(paragraph(r, budget));
      if (r() < 0.4 && budget.words > 0) {
        const items: string[] = [];
        for (let i = integer(r, 3, 5); i > 0; i--) {
          const length = integer(r, 4, 9);
          budget.words -= length;
          items.push(`- ${sentence(r, length)}`);
        }
        blocks.push(items.join('\n'));
      }
    }
    if (budget.words > 0) blocks.push(paragraph(r, { words: budget.words }));
    const tags = new Set<string>();
    for (let i = integer(r, 2, 4); i > 0; i--) tags.add(contentWord(r));
    const category = benchCategories[Math.floor(r() * benchCategories.length)]![0];
    const hidden = r();
    return {
      id,
      slug,
      title: articleTitle,
      summary: sentence(r, integer(r, 10, 20)),
      body: blocks.join('\n\n'),
      tags: [...tags].sort(),
      categorySlug: category,
      visibility: hidden < 0.05 ? 'internal' : 'public',
      status: hidden > 0.97 ? 'draft' : 'published',
      updatedAt: new Date(epoch + Math.floor(r() * span)).toISOString(),
      viewCount: Math.floor(1000 / (1 + r() * 200)),
    };
  }

  function typo(r: Random, word: string): string {
    const at = integer(r, 1, word.length - 2);
    const letter = 'abcdefghijklmnopqrstuvwxyz'[integer(r, 0, 25)]!;
    switch (integer(r, 0, 3)) {
      case 0: // a letter left out
        return word.slice(0, at) + word.slice(at + 1);
      case 1: // two letters swapped
        return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
      case 2: // a letter doubled or added
        return word.slice(0, at) + letter + word.slice(at);
      default: // a wrong letter
        return word.slice(0, at) + (letter === word[at] ? 'x' : letter) + word.slice(at + 1);
    }
  }

  function queries(total: number, querySeed = seed + 1): string[] {
    const r = mulberry32(querySeed);
    // People search for the content words; flatter than the text's Zipf curve, but common words first.
    const queryWord = () => content[Math.min(content.length - 1, Math.floor(Math.pow(r(), 2) * content.length))]!;
    const long = (min: number) => {
      for (;;) {
        const word = queryWord();
        if (word.length >= min) return word;
      }
    };
    const list: string[] = [];
    for (let i = 0; i < total; i++) {
      switch (i % 4) {
        case 0:
          list.push(queryWord());
          break;
        case 1:
          list.push(`${queryWord()} ${queryWord()}`);
          break;
        case 2: {
          // As typed into the box: some leading words, then part of the last one.
          const word = long(5);
          const prefix = word.slice(0, integer(r, 3, Math.min(6, word.length - 1)));
          list.push(r() < 0.5 ? prefix : `${queryWord()} ${prefix}`);
          break;
        }
        default:
          list.push(r() < 0.7 ? typo(r, long(5)) : `${queryWord()} ${typo(r, long(5))}`);
      }
    }
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  }

  return { vocabulary, content, nextArticle, queries };
}
