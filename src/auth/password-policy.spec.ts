import { DEMO_ACCOUNTS } from '../seed/demo-data.js';
import { PASSWORD_MIN_LENGTH, passwordProblem } from './password-policy.js';

describe('password policy', () => {
  it.each(['password', '12345678', '        ', 'password-123', 'aaaaaaaaaaaaaaaa', '123456789012345', 'passwordpassword1', 'qwertyuiopasdfgh'])(
    'refuses %j',
    (weak) => expect(passwordProblem(weak)).not.toBeNull(),
  );

  it('counts length in code points (NIST SP 800-63B), so 14 Chinese characters are too short and 15 are enough', () => {
    expect(passwordProblem('肿瘤多学科会诊每周二上午八点半')).toBeNull();
    expect(passwordProblem('肿瘤多学科会诊每周二上午八点')).toMatch(`at least ${PASSWORD_MIN_LENGTH} characters`);
  });

  it('refuses a password built from the account\'s own email or name', () => {
    expect(passwordProblem('wangfanghospital', [])).toBeNull();
    expect(passwordProblem('wangfanghospital', ['wangfang@hospital.example', 'Wang Fang'])).toMatch(/too easy to guess/);
  });

  it('accepts a passphrase, and the demo accounts\' documented passwords', () => {
    expect(passwordProblem('tumour board on tuesday mornings')).toBeNull();
    for (const account of Object.values(DEMO_ACCOUNTS)) expect(passwordProblem(account.password, [account.email, account.name])).toBeNull();
  });

  it('refuses more than 128 characters', () => {
    expect(passwordProblem('x7-'.repeat(43) + 'ab')).toMatch(/at most 128/);
  });
});
