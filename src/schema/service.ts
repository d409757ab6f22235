// The service taxonomy: the fixed list of services facilities are described by. Facilities
// refer to a service by its key, which is also what `filter.services` takes.
import { builder } from './builder.js';

export const ServiceCategory = builder.prismaObject('ServiceCategory', {
  description: 'A service of the taxonomy, such as post-rape care or legal aid.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Stable identifier, e.g. "post_rape_care"; used in filters.' }),
    label: t.exposeString('label'),
    description: t.exposeString('description', { nullable: true }),
    synonyms: t.exposeStringList('synonyms', { description: 'Names partners use for this service.' }),
  }),
});

builder.queryField('serviceCategories', (t) =>
  t.field({
    type: [ServiceCategory],
    nullable: true,
    description: 'Every service of the taxonomy, by key.',
    resolve: (_root, _args, ctx) => ctx.loaders.serviceCategories(),
  }),
);
