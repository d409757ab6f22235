// Kenya's administrative hierarchy: county → constituency → ward, by official code. Every link
// is resolved through the loaders, which serve the hierarchy from memory (reference-data.ts), so
// walking the tree costs no statement at all.
// (The facilities of each unit are added in facility.ts, beside the Facility type.)
import { builder } from './builder.js';
import { orNotFound, referenced } from './errors.js';
import { selectsAnywhere } from './selection.js';

export const County = builder.prismaObject('County', {
  description: 'One of the 47 counties.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Official three-digit code, e.g. "047" (Nairobi).' }),
    name: t.exposeString('name'),
  }),
});

export const Constituency = builder.prismaObject('Constituency', {
  description: 'A constituency (sub-county) of a county.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Official three-digit code.' }),
    name: t.exposeString('name'),
  }),
});

export const Ward = builder.prismaObject('Ward', {
  description: 'A ward of a constituency.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Official four-digit code.' }),
    name: t.exposeString('name'),
  }),
});

// Links are added once all three types exist: each refers to the others.
builder.objectFields(County, (t) => ({
  constituencies: t.field({
    type: [Constituency],
    resolve: (county, _args, ctx) => ctx.loaders.constituenciesOfCounty.load(county.code),
  }),
}));

builder.objectFields(Constituency, (t) => ({
  county: t.field({ type: County, resolve: (unit, _args, ctx) => referenced(ctx.loaders.county.load(unit.countyCode)) }),
  wards: t.field({ type: [Ward], resolve: (unit, _args, ctx) => ctx.loaders.wardsOfConstituency.load(unit.code) }),
}));

builder.objectFields(Ward, (t) => ({
  constituency: t.field({
    type: Constituency,
    resolve: (ward, _args, ctx) => referenced(ctx.loaders.constituency.load(ward.constituencyCode)),
  }),
  county: t.field({ type: County, resolve: (ward, _args, ctx) => referenced(ctx.loaders.county.load(ward.countyCode)) }),
}));

builder.queryFields((t) => ({
  counties: t.field({
    type: [County],
    nullable: true,
    description: 'All counties, by code.',
    resolve: async (_root, _args, ctx, info) => {
      // The whole tree's counts in one pass before it is walked, so that each of its ~1,800
      // facilityCount fields is answered at once instead of through a promise.
      if (selectsAnywhere(info, 'facilityCount')) await ctx.loaders.countAllAreas();
      return ctx.loaders.counties();
    },
  }),
  county: t.field({
    type: County,
    nullable: true,
    description: 'The county with this code; a NOT_FOUND error when there is none.',
    args: { code: t.arg.string({ required: true }) },
    resolve: (_root, { code }, ctx) => orNotFound(ctx.loaders.county.load(code), 'county', code),
  }),
  constituency: t.field({
    type: Constituency,
    nullable: true,
    description: 'The constituency with this code; a NOT_FOUND error when there is none.',
    args: { code: t.arg.string({ required: true }) },
    resolve: (_root, { code }, ctx) => orNotFound(ctx.loaders.constituency.load(code), 'constituency', code),
  }),
  ward: t.field({
    type: Ward,
    nullable: true,
    description: 'The ward with this code; a NOT_FOUND error when there is none.',
    args: { code: t.arg.string({ required: true }) },
    resolve: (_root, { code }, ctx) => orNotFound(ctx.loaders.ward.load(code), 'ward', code),
  }),
}));
