import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registrations and attendance. The database keeps the invariants:
 * - one active registration per person and edition (registrations_active_key);
 * - confirmed never above capacity, per edition and mode (registration_capacities_within_check);
 *   the capacity rows follow the edition's capacity columns through a trigger, which refuses a cut
 *   below the confirmed count and promotes from the waiting list on a raise;
 * - waiting-list positions unique per edition and mode (and per session for seats);
 * - a session's reserved seats never above its seat limit (sessions_seats_within_limit).
 * registration_promote() is the one promotion routine (cancellation and capacity raises use it):
 * it claims a seat and confirms the head of the waiting list in one statement each, closes the gap,
 * and writes the notification and webhook outbox rows in the same transaction.
 */
export class Registrations1795588200000 implements MigrationInterface {
  name = 'Registrations1795588200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE registration_capacities (
        event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        mode text NOT NULL CHECK (mode IN ('in_person', 'online')),
        capacity integer CHECK (capacity >= 0),
        confirmed integer NOT NULL DEFAULT 0 CHECK (confirmed >= 0),
        waitlisted integer NOT NULL DEFAULT 0 CHECK (waitlisted >= 0),
        PRIMARY KEY (event_id, mode),
        CONSTRAINT registration_capacities_within_check CHECK (capacity IS NULL OR confirmed <= capacity)
      )`);
    await q.query(`
      INSERT INTO registration_capacities (event_id, mode, capacity)
      SELECT id, 'in_person', capacity_in_person FROM events UNION ALL SELECT id, 'online', capacity_online FROM events`);
    await q.query(`
      CREATE TABLE registrations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        mode text NOT NULL CHECK (mode IN ('in_person', 'online')),
        status text NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
        waitlist_position integer CHECK (waitlist_position >= 1),
        ticket_token text NOT NULL,
        checked_in_at timestamptz,
        checked_in_by uuid REFERENCES users (id) ON DELETE SET NULL,
        promoted_at timestamptz,
        cancelled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT registrations_event_id_id_key UNIQUE (event_id, id),
        CONSTRAINT registrations_capacity_fkey FOREIGN KEY (event_id, mode) REFERENCES registration_capacities (event_id, mode),
        CONSTRAINT registrations_ticket_key UNIQUE (event_id, ticket_token),
        CONSTRAINT registrations_position_check CHECK ((status = 'waitlisted') = (waitlist_position IS NOT NULL)),
        CONSTRAINT registrations_check_in_check CHECK (checked_in_at IS NULL OR status <> 'waitlisted'),
        CONSTRAINT registrations_position_key UNIQUE (event_id, mode, waitlist_position) DEFERRABLE INITIALLY IMMEDIATE
      )`);
    await q.query(`CREATE UNIQUE INDEX registrations_active_key ON registrations (event_id, user_id) WHERE status <> 'cancelled'`);
    await q.query(`CREATE INDEX registrations_user_idx ON registrations (user_id)`);
    await q.query(`CREATE INDEX registrations_event_status_idx ON registrations (event_id, mode, status)`);

    await q.query(`
      CREATE FUNCTION registration_promote(p_event uuid, p_mode text) RETURNS SETOF uuid LANGUAGE plpgsql AS $$
      DECLARE
        r registrations%ROWTYPE;
      BEGIN
        LOOP
          -- one statement decides: a free seat and someone waiting
          UPDATE registration_capacities SET confirmed = confirmed + 1, waitlisted = waitlisted - 1
           WHERE event_id = p_event AND mode = p_mode AND waitlisted > 0 AND (capacity IS NULL OR confirmed < capacity);
          EXIT WHEN NOT FOUND;
          UPDATE registrations SET status = 'confirmed', waitlist_position = NULL, promoted_at = now(), updated_at = now()
           WHERE event_id = p_event AND mode = p_mode AND status = 'waitlisted' AND waitlist_position = 1
          RETURNING * INTO r;
          IF r.id IS NULL THEN
            RAISE EXCEPTION 'waiting list of % % has no head', p_event, p_mode;
          END IF;
          UPDATE registrations SET waitlist_position = waitlist_position - 1, updated_at = now()
           WHERE event_id = p_event AND mode = p_mode AND status = 'waitlisted';
          INSERT INTO notification_outbox (event_id, user_id, recipient, template, payload)
          SELECT p_event, u.id, u.email, 'registration.promoted', jsonb_build_object('registrationId', r.id, 'mode', r.mode)
            FROM users u WHERE u.id = r.user_id;
          INSERT INTO webhook_deliveries (event_id, endpoint_id, event_type, payload)
          SELECT e.event_id, e.id, 'registration.promoted',
                 jsonb_build_object('id', gen_random_uuid(), 'type', 'registration.promoted', 'eventId', e.event_id, 'occurredAt', now(),
                                    'data', jsonb_build_object('registrationId', r.id, 'userId', r.user_id, 'mode', r.mode, 'status', 'confirmed'))
            FROM webhook_endpoints e
           WHERE e.event_id = p_event AND e.active AND 'registration.promoted' = ANY (e.event_types);
          RETURN NEXT r.id;
        END LOOP;
      END $$`);

    await q.query(`
      CREATE FUNCTION registration_capacities_follow_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO registration_capacities (event_id, mode, capacity)
          VALUES (NEW.id, 'in_person', NEW.capacity_in_person), (NEW.id, 'online', NEW.capacity_online);
          RETURN NEW;
        END IF;
        IF NEW.capacity_in_person IS DISTINCT FROM OLD.capacity_in_person THEN
          UPDATE registration_capacities SET capacity = NEW.capacity_in_person WHERE event_id = NEW.id AND mode = 'in_person'
             AND (NEW.capacity_in_person IS NULL OR confirmed <= NEW.capacity_in_person);
          IF NOT FOUND THEN
            RAISE EXCEPTION 'capacityInPerson is below the number of confirmed in-person registrations'
              USING ERRCODE = 'check_violation', CONSTRAINT = 'capacity_in_person_below_confirmed';
          END IF;
          PERFORM registration_promote(NEW.id, 'in_person');
        END IF;
        IF NEW.capacity_online IS DISTINCT FROM OLD.capacity_online THEN
          UPDATE registration_capacities SET capacity = NEW.capacity_online WHERE event_id = NEW.id AND mode = 'online'
             AND (NEW.capacity_online IS NULL OR confirmed <= NEW.capacity_online);
          IF NOT FOUND THEN
            RAISE EXCEPTION 'capacityOnline is below the number of confirmed online registrations'
              USING ERRCODE = 'check_violation', CONSTRAINT = 'capacity_online_below_confirmed';
          END IF;
          PERFORM registration_promote(NEW.id, 'online');
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER events_registration_capacities AFTER INSERT OR UPDATE OF capacity_in_person, capacity_online ON events
      FOR EACH ROW EXECUTE FUNCTION registration_capacities_follow_event()`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        response_status integer,
        response_body text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CONSTRAINT idempotency_keys_key UNIQUE (user_id, scope, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at)`);

    await q.query(`ALTER TABLE sessions
      ADD COLUMN seat_limit integer CHECK (seat_limit >= 0),
      ADD COLUMN seats_reserved integer NOT NULL DEFAULT 0 CHECK (seats_reserved >= 0),
      ADD COLUMN seats_waitlisted integer NOT NULL DEFAULT 0 CHECK (seats_waitlisted >= 0),
      ADD CONSTRAINT sessions_seats_within_limit CHECK (seat_limit IS NULL OR seats_reserved <= seat_limit)`);
    await q.query(`
      CREATE TABLE session_seats (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL,
        session_id uuid NOT NULL,
        registration_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('reserved', 'waitlisted')),
        waitlist_position integer CHECK (waitlist_position >= 1),
        promoted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT session_seats_session_fkey FOREIGN KEY (event_id, session_id) REFERENCES sessions (event_id, id) ON DELETE CASCADE,
        CONSTRAINT session_seats_registration_fkey FOREIGN KEY (event_id, registration_id) REFERENCES registrations (event_id, id) ON DELETE CASCADE,
        CONSTRAINT session_seats_user_key UNIQUE (event_id, session_id, user_id),
        CONSTRAINT session_seats_position_check CHECK ((status = 'waitlisted') = (waitlist_position IS NOT NULL)),
        CONSTRAINT session_seats_position_key UNIQUE (event_id, session_id, waitlist_position) DEFERRABLE INITIALLY IMMEDIATE
      )`);
    await q.query(`CREATE INDEX session_seats_registration_idx ON session_seats (event_id, registration_id)`);

    await q.query(`
      CREATE TABLE agenda_items (
        event_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        session_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_id, user_id, session_id),
        CONSTRAINT agenda_items_session_fkey FOREIGN KEY (event_id, session_id) REFERENCES sessions (event_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX agenda_items_user_idx ON agenda_items (user_id)`);
    await q.query(`
      CREATE TABLE agenda_feed_tokens (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agenda_feed_tokens_hash_key UNIQUE (token_hash)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agenda_feed_tokens`);
    await q.query(`DROP TABLE agenda_items`);
    await q.query(`DROP TABLE session_seats`);
    await q.query(`ALTER TABLE sessions DROP CONSTRAINT sessions_seats_within_limit, DROP COLUMN seat_limit, DROP COLUMN seats_reserved, DROP COLUMN seats_waitlisted`);
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TRIGGER events_registration_capacities ON events`);
    await q.query(`DROP FUNCTION registration_capacities_follow_event()`);
    await q.query(`DROP FUNCTION registration_promote(uuid, text)`);
    await q.query(`DROP TABLE registrations`);
    await q.query(`DROP TABLE registration_capacities`);
  }
}
