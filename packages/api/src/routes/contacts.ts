import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { type ContactBook, ContactList, StoredContact } from '#core';
import { type AccessControl, type AppEnv, guardFor } from '../access.ts';
import { validationHook } from '../http/validation.ts';
import { ifMatchVersion, setVersion } from '../http/versions.ts';
import {
  IdParam,
  IfMatchHeader,
  jsonBody,
  problemResponses,
  versionedResponse,
  writeProblemResponses,
} from '../schemas.ts';

const ContactsSchema = z
  .object({
    // Each with the server's `deliveryProblem` when notices to its address bounced or were marked spam.
    items: z.array(StoredContact.meta({ id: 'Contact' })),
    version: z.number().int().min(0),
  })
  .openapi('Contacts');
const contactsResponse = versionedResponse(ContactsSchema);

const getContacts = createRoute({
  method: 'get',
  path: '/{id}/contacts',
  tags: ['Contacts'],
  summary: "The entity's contacts (personal data: the admin and the entity's own users only)",
  request: { params: IdParam },
  responses: {
    200: contactsResponse('The contacts; version 0 when none were written'),
    ...problemResponses,
  },
});

const replaceContacts = createRoute({
  method: 'put',
  path: '/{id}/contacts',
  tags: ['Contacts'],
  summary: 'Replace the contact list (If-Match once a list exists)',
  request: {
    params: IdParam,
    headers: IfMatchHeader,
    body: jsonBody(ContactList.meta({ id: 'ContactList' })),
  },
  responses: { 200: contactsResponse('The new list'), ...writeProblemResponses },
});

/** `/v1/entities/{id}/contacts`: who receives notices for the entity. */
export function contactRoutes(contacts: ContactBook, access: AccessControl) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(getContacts, async (c) => {
    const { id } = c.req.valid('param');
    const list = await contacts.get(id, guardFor(access, c.var.caller, 'contacts:read'));
    setVersion(c, list.version);
    return c.json(list, 200);
  });
  app.openapi(replaceContacts, async (c) => {
    const { id } = c.req.valid('param');
    const { items } = c.req.valid('json');
    const list = await contacts.replace(
      id,
      items,
      ifMatchVersion(c),
      guardFor(access, c.var.caller, 'contacts:write'),
    );
    setVersion(c, list.version);
    return c.json(list, 200);
  });
  return app;
}
