import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { EmptyIsAbsent, LineFeeds } from '../../web/web-forms.js';

/** Starts the pact from a template in one language: the choice reads `<template key>:<language>`. */
export class StartDraftForm {
  @Matches(/^[a-z0-9-]{1,60}:[a-z]{2}$/, { message: 'authority.pact.error.template' })
  template: string;
}

/** Rewrites one clause of the draft. */
export class EditClauseForm {
  @IsUUID('all', { message: 'authority.clause.error.draftId' })
  draftId: string;

  @IsString({ message: 'authority.clause.error.heading' })
  @Length(1, 300, { message: 'authority.clause.error.heading' })
  heading: string;

  @LineFeeds()
  @IsString({ message: 'authority.clause.error.body' })
  @Length(1, 50_000, { message: 'authority.clause.error.body' })
  body: string;
}

/** A comment on the draft, or the authority's answer to one: about a clause, or the whole draft. */
export class CommentForm {
  @IsUUID('all', { message: 'authority.pact.error.draftId' })
  draftId: string;

  @EmptyIsAbsent()
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,60}$/, { message: 'authority.pact.error.clauseKey' })
  clauseKey?: string;

  @IsString({ message: 'authority.pact.error.body' })
  @Length(1, 10_000, { message: 'authority.pact.error.body' })
  body: string;
}

/** Publishes the open draft the page showed. */
export class PublishDraftForm {
  @IsUUID('all', { message: 'authority.pact.error.draftId' })
  draftId: string;
}

/** Which two texts to compare: published versions by id, or `draft`. */
export class CompareQuery {
  @Matches(/^(draft|[0-9a-f-]{36})$/, { message: 'authority.compare.error' })
  from: string;

  @Matches(/^(draft|[0-9a-f-]{36})$/, { message: 'authority.compare.error' })
  to: string;
}
