import { ApiError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/handler";

/** Unknown API paths answer in the API's own envelope rather than with an HTML page. */
const notFound = (req: Request) => errorResponse(new ApiError("NOT_FOUND", "No such endpoint."), req);
export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
