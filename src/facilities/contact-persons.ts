// The named people of a facility (station commanders, focal persons) as a caller sees them: in
// clear for roles allowed personal data, masked for the others (`J*** D***`, `+254***222`), so a
// reader can tell that a contact exists and roughly which one, without being able to call them.
import type { ContactPerson as ContactPersonRow } from '../generated/prisma/client.js';
import { maskEmail, maskName, maskPhone } from '../security/mask.js';
import type { PersonalDataCipher } from '../security/personal-data-cipher.js';

export interface PresentedContactPerson {
  role: string;
  name: string;
  phone: string | null;
  email: string | null;
  masked: boolean;
}

export function presentContactPerson(row: ContactPersonRow, cipher: PersonalDataCipher, reveal: boolean): PresentedContactPerson {
  const name = cipher.decrypt(row.nameEncrypted);
  const phone = row.phoneEncrypted === null ? null : cipher.decrypt(row.phoneEncrypted);
  const email = row.emailEncrypted === null ? null : cipher.decrypt(row.emailEncrypted);
  if (reveal) return { role: row.role, name, phone, email, masked: false };
  return {
    role: row.role,
    name: maskName(name),
    phone: phone === null ? null : maskPhone(phone),
    email: email === null ? null : maskEmail(email),
    masked: true,
  };
}
