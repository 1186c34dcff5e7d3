/*
 * Copyright the Cengjiyun authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package io.cengjiyun.rest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import io.cengjiyun.rest.JsonMappers;
import io.cengjiyun.rest.Problem;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsMediaType;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * JSON for every resource of every bundle, and application/problem+json for every error, with the API's
 * one mapper (Jersey matches no wildcard such as application/*+json here: each type is named).
 * A body Jackson cannot read becomes a 400 whose cause is Jackson's error, so that {@link ProblemMapper}
 * answers it; Jackson's own exception mappers (found by Jersey through META-INF/services) would answer
 * in text/plain.
 */
@Component(service = {MessageBodyReader.class, MessageBodyWriter.class})
@JakartarsExtension
@JakartarsName("cengjiyun.json")
@JakartarsMediaType(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class JsonProvider extends JacksonJsonProvider {

    public JsonProvider() {
        super(JsonMappers.json());
    }

    @Override
    public Object readFrom(
            Class<Object> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders,
            InputStream entityStream)
            throws IOException {
        try {
            return super.readFrom(type, genericType, annotations, mediaType, httpHeaders, entityStream);
        } catch (JsonProcessingException e) {
            throw new BadRequestException(e.getOriginalMessage(), e);
        }
    }
}
