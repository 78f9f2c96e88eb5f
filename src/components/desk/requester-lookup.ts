/**
 * "Find or create as they type" for the new-ticket form: suggests customers whose name or email matches
 * (GET /api/v1/users?role=customer&q=…), fills the other field when one is picked, and says whether the
 * ticket goes to an existing customer or creates a new one.
 */

interface Customer {
  name: string;
  email: string;
}

const root = document.querySelector<HTMLElement>('[data-requester]');
const emailInput = root?.querySelector<HTMLInputElement>('[data-requester-email]');
const nameInput = root?.querySelector<HTMLInputElement>('[data-requester-name]');
const status = root?.querySelector<HTMLElement>('[data-requester-status]');
const emailList = document.getElementById('requester-emails');
const nameList = document.getElementById('requester-names');

if (root && emailInput && nameInput && status && emailList && nameList) {
  const known = new Map<string, Customer>();
  let controller: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const option = (value: string, label: string) => {
    const element = document.createElement('option');
    element.value = value;
    element.label = label;
    return element;
  };

  const describe = () => {
    const email = emailInput.value.trim().toLowerCase();
    const customer = known.get(email);
    if (customer) status.textContent = (status.dataset['existing'] ?? '').replace('{name}', customer.name);
    else if (emailInput.validity.valid && email.includes('@')) status.textContent = status.dataset['new'] ?? '';
    else status.textContent = '';
  };

  const lookup = async (query: string) => {
    controller?.abort();
    if (query.trim().length < 2) return;
    controller = new AbortController();
    try {
      const params = new URLSearchParams({ role: 'customer', q: query.trim(), limit: '8', active: 'true' });
      const response = await fetch(`/api/v1/users?${params.toString()}`, {
        headers: { Accept: 'application/json' },
        signal: controller.signal,
      });
      if (!response.ok) return;
      const body = (await response.json()) as { users?: Customer[] };
      const users = (body.users ?? []).filter((user) => user.email && user.name);
      for (const user of users) known.set(user.email.toLowerCase(), user);
      emailList.replaceChildren(...users.map((user) => option(user.email, user.name)));
      nameList.replaceChildren(...users.map((user) => option(user.name, user.email)));
      fillFromPick();
    } catch {
      // Offline or aborted: the form still works, the server finds or creates the customer.
    }
  };

  // When a suggestion is picked (or typed exactly), complete the other field.
  const fillFromPick = () => {
    const byEmail = known.get(emailInput.value.trim().toLowerCase());
    if (byEmail && !nameInput.value.trim()) nameInput.value = byEmail.name;
    if (!emailInput.value.trim()) {
      const matches = [...known.values()].filter((user) => user.name === nameInput.value.trim());
      if (matches.length === 1 && matches[0]) emailInput.value = matches[0].email;
    }
    describe();
  };

  const onInput = (input: HTMLInputElement) => () => {
    fillFromPick();
    clearTimeout(timer);
    timer = setTimeout(() => void lookup(input.value), 200);
  };
  emailInput.addEventListener('input', onInput(emailInput));
  nameInput.addEventListener('input', onInput(nameInput));
  describe();
}

// A module, not a script: its names stay out of the global scope.
export {};
