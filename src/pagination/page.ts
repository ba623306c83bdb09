import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { Type } from '@nestjs/common';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

@InputType({ description: 'Which slice of a list to return.' })
export class PageInput {
  @Field(() => Int, { defaultValue: 50, description: 'How many items, 1 to 200.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;

  @Field(() => Int, { defaultValue: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  offset: number = 0;
}

export interface Page<T> {
  items: T[];
  totalCount: number;
  hasMore: boolean;
}

export function pageOf<T>(items: T[], totalCount: number, page: PageInput): Page<T> {
  return { items, totalCount, hasMore: page.offset + items.length < totalCount };
}

const pageTypes = new Map<Type<unknown>, Type<Page<unknown>>>();

/** One GraphQL page type per item type (`ProcurementPage`), all shaped the same. */
export function PageType<T>(item: Type<T>): Type<Page<T>> {
  const existing = pageTypes.get(item);
  if (existing) return existing as Type<Page<T>>;
  @ObjectType(`${item.name}Page`)
  class PageClass implements Page<T> {
    @Field(() => [item])
    items: T[];

    @Field(() => Int)
    totalCount: number;

    @Field()
    hasMore: boolean;
  }
  pageTypes.set(item, PageClass);
  return PageClass;
}
