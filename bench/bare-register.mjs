// The registration transaction of RegistrationsService.register (without an Idempotency-Key), run
// bare on `pg`: the bench's baseline for the registration storm. Same statements, same order.
import { randomBytes } from 'node:crypto';

const RETURNING = 'id, event_id, user_id, mode, status, waitlist_position, checked_in_at, created_at';

export async function registerBare(pool, eventId, userId, mode) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows: [event] } = await client.query(
      `SELECT format, registration_opens_at AS opens, registration_closes_at AS closes FROM events WHERE id = $1`,
      [eventId],
    );
    const now = new Date();
    if (!event || !event.opens || now < event.opens || (event.closes && now >= event.closes)) {
      await client.query('ROLLBACK');
      return { status: 409, body: { code: 'REGISTRATION_CLOSED' } };
    }
    const existing = await client.query(`SELECT 1 FROM registrations WHERE event_id = $1 AND user_id = $2 AND status <> 'cancelled'`, [eventId, userId]);
    if (existing.rowCount) {
      await client.query('ROLLBACK');
      return { status: 409, body: { code: 'ALREADY_REGISTERED' } };
    }
    let status;
    let position = null;
    for (let attempt = 0; !status && attempt < 5; attempt++) {
      const seat = await client.query(
        `UPDATE registration_capacities SET confirmed = confirmed + 1
          WHERE event_id = $1 AND mode = $2 AND waitlisted = 0 AND (capacity IS NULL OR confirmed < capacity) RETURNING confirmed`,
        [eventId, mode],
      );
      if (seat.rowCount) {
        status = 'confirmed';
        break;
      }
      const line = await client.query(
        `UPDATE registration_capacities SET waitlisted = waitlisted + 1
          WHERE event_id = $1 AND mode = $2 AND (waitlisted > 0 OR (capacity IS NOT NULL AND confirmed >= capacity)) RETURNING waitlisted`,
        [eventId, mode],
      );
      if (line.rowCount) {
        status = 'waitlisted';
        position = line.rows[0].waitlisted;
      }
    }
    if (!status) {
      await client.query('ROLLBACK');
      return { status: 409, body: { code: 'CONFLICT' } };
    }
    const { rows: [row] } = await client.query(
      `INSERT INTO registrations (event_id, user_id, mode, status, waitlist_position, ticket_token)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${RETURNING}`,
      [eventId, userId, mode, status, position, randomBytes(24).toString('base64url')],
    );
    await client.query(
      `INSERT INTO webhook_deliveries (event_id, endpoint_id, event_type, payload)
       SELECT e.event_id, e.id, $2, jsonb_build_object('id', gen_random_uuid(), 'type', $2::text, 'eventId', e.event_id,
                                                       'occurredAt', now(), 'data', $3::jsonb)
         FROM webhook_endpoints e
        WHERE e.event_id = $1 AND e.active AND $2 = ANY (e.event_types)`,
      [eventId, 'registration.created', JSON.stringify({ registrationId: row.id, userId, mode, status })],
    );
    await client.query('COMMIT');
    return {
      status: 201,
      body: { id: row.id, eventId: row.event_id, mode: row.mode, status: row.status, ...(row.waitlist_position ? { waitlistPosition: row.waitlist_position } : {}), checkedInAt: null, createdAt: row.created_at.toISOString() },
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    return { status: 500, body: { message: error.message } };
  } finally {
    client.release();
  }
}
