/** The caller, as the guards hand it to controllers. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
}
