import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { LocalizedText } from '../common/i18n/localized-text.js';
import { SqlRepository } from '../database/sql-repository.js';
import type { AwardKind } from './awards.dto.js';
import type { AwardEntity } from './award.entity.js';
import type { AwardNomineeEntity } from './award-nominee.entity.js';

/** An award with its jurors. */
export type AwardRow = Pick<AwardEntity, 'id' | 'eventId' | 'name' | 'description' | 'ceremonySessionId' | 'announceAt'> & { kind: AwardKind; jurorIds: string[] };

/** A nominee with its scores so far. */
export type NomineeRow = Pick<AwardNomineeEntity, 'id' | 'awardId' | 'submissionId' | 'speakerId' | 'winner'> & { meanScore: string | null; scoreCount: number };

/** A juror's score as it is answered. */
export interface ScoreRow {
  nomineeId: string;
  score: string;
  comment: string | null;
}

/** Awards, their jurors, nominees and scores (`awards`, `award_jurors`, `award_nominees`, `award_scores`). */
@Injectable()
export class AwardsRepository extends SqlRepository {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  async insert(eventId: string, v: { kind: AwardKind; name: LocalizedText; description: LocalizedText | null; ceremonySessionId: string | null; announceAt: Date | string | null }, em: EntityManager): Promise<string> {
    const [row] = await this.rows<{ id: string }>(
      `INSERT INTO awards (event_id, kind, name, description, ceremony_session_id, announce_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [eventId, v.kind, JSON.stringify(v.name), v.description ? JSON.stringify(v.description) : null, v.ceremonySessionId, v.announceAt],
      em,
    );
    return row.id;
  }

  /** The award's edition (undefined: no such award). */
  find(awardId: string): Promise<{ id: string; eventId: string } | undefined> {
    return this.first(`SELECT id, event_id AS "eventId" FROM awards WHERE id = $1`, [awardId]);
  }

  /** The edition's awards in the order they were made, each with its jurors. */
  list(eventId: string): Promise<AwardRow[]> {
    return this.rows(
      `SELECT a.id, a.event_id AS "eventId", a.kind, a.name, a.description, a.ceremony_session_id AS "ceremonySessionId", a.announce_at AS "announceAt",
              coalesce((SELECT array_agg(j.user_id ORDER BY j.user_id) FROM award_jurors j WHERE j.event_id = a.event_id AND j.award_id = a.id), '{}') AS "jurorIds"
         FROM awards a WHERE a.event_id = $1 ORDER BY a.created_at, a.id`,
      [eventId],
    );
  }

  /** The edition's nominees in the order they were named, with their mean score and how many scored. */
  nominees(eventId: string): Promise<NomineeRow[]> {
    return this.rows(
      `SELECT n.id, n.award_id AS "awardId", n.submission_id AS "submissionId", n.speaker_id AS "speakerId", n.winner,
              (SELECT avg(sc.score) FROM award_scores sc WHERE sc.event_id = n.event_id AND sc.nominee_id = n.id) AS "meanScore",
              (SELECT count(*)::int FROM award_scores sc WHERE sc.event_id = n.event_id AND sc.nominee_id = n.id) AS "scoreCount"
         FROM award_nominees n WHERE n.event_id = $1 ORDER BY n.created_at, n.id`,
      [eventId],
    );
  }

  async addJuror(eventId: string, awardId: string, userId: string, em: EntityManager): Promise<void> {
    await this.affected(`INSERT INTO award_jurors (event_id, award_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [eventId, awardId, userId], em);
  }

  async isJuror(eventId: string, awardId: string, userId: string): Promise<boolean> {
    return !!(await this.first(`SELECT 1 FROM award_jurors WHERE event_id = $1 AND award_id = $2 AND user_id = $3`, [eventId, awardId, userId]));
  }

  /** Names a nominee; undefined when it already is one. */
  async addNominee(eventId: string, awardId: string, submissionId: string | null, speakerId: string | null, em: EntityManager): Promise<string | undefined> {
    const row = await this.first<{ id: string }>(
      `INSERT INTO award_nominees (event_id, award_id, submission_id, speaker_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id`,
      [eventId, awardId, submissionId, speakerId],
      em,
    );
    return row?.id;
  }

  findNominee(eventId: string, awardId: string, nomineeId: string): Promise<Pick<AwardNomineeEntity, 'id' | 'submissionId' | 'speakerId'> | undefined> {
    return this.first(
      `SELECT id, submission_id AS "submissionId", speaker_id AS "speakerId" FROM award_nominees WHERE event_id = $1 AND award_id = $2 AND id = $3`,
      [eventId, awardId, nomineeId],
    );
  }

  /** Writes a juror's score of a nominee, replacing their earlier one. */
  async upsertScore(eventId: string, nomineeId: string, jurorId: string, score: number, comment: string | null): Promise<ScoreRow> {
    const [row] = await this.rows<ScoreRow>(
      `INSERT INTO award_scores (event_id, nominee_id, juror_id, score, comment) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (event_id, nominee_id, juror_id) DO UPDATE SET score = EXCLUDED.score, comment = EXCLUDED.comment, updated_at = now()
       RETURNING nominee_id AS "nomineeId", score, comment`,
      [eventId, nomineeId, jurorId, score, comment],
    );
    return row;
  }

  /** How many of `nomineeIds` are nominees of the award. */
  async countNominees(eventId: string, awardId: string, nomineeIds: string[], em: EntityManager): Promise<number> {
    const [{ n }] = await this.rows<{ n: number }>(`SELECT count(*)::int AS n FROM award_nominees WHERE event_id = $1 AND award_id = $2 AND id = ANY($3::uuid[])`, [eventId, awardId, nomineeIds], em);
    return n;
  }

  /** Exactly `nomineeIds` win the award. */
  async setWinners(eventId: string, awardId: string, nomineeIds: string[], em: EntityManager): Promise<void> {
    await this.affected(`UPDATE award_nominees SET winner = (id = ANY($3::uuid[])) WHERE event_id = $1 AND award_id = $2`, [eventId, awardId, nomineeIds], em);
  }
}
